namespace Splitstream.Fit;

/// <summary>A definition message bound to a local message type: the layout of the data messages that follow it.</summary>
internal sealed class FitMessageDefinition(ushort globalNumber, bool bigEndian, FitFieldDefinition[] fields, int developerBytes)
{
    public ushort GlobalNumber { get; } = globalNumber;

    public bool BigEndian { get; } = bigEndian;

    public FitFieldDefinition[] Fields { get; } = fields;

    /// <summary>Bytes of developer fields at the end of each data message: skipped.</summary>
    public int DeveloperBytes { get; } = developerBytes;

    /// <summary>Bytes of one data message after its header.</summary>
    public int Size { get; } = fields.Sum(f => f.Size) + developerBytes;
}
