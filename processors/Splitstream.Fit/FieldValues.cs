namespace Splitstream.Fit;

/// <summary>The scalar values of one data message by field number, reused from message to message (no allocation per message).</summary>
internal sealed class FieldValues
{
    private readonly long[] values = new long[256];
    private readonly bool[] present = new bool[256];
    private readonly List<int> set = new(32);

    public bool HasDeveloperData { get; set; }

    public void Clear()
    {
        foreach (var number in set)
        {
            present[number] = false;
        }
        set.Clear();
        HasDeveloperData = false;
    }

    public void Set(int number, long value)
    {
        if (!present[number])
        {
            present[number] = true;
            set.Add(number);
        }
        values[number] = value;
    }

    public long? Get(int number) => present[number] ? values[number] : null;
}
