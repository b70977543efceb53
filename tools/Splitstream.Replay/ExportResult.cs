namespace Splitstream.Replay;

/// <summary>What an export read and wrote: records in the selection, rows or lines written, records that could not be decoded, files.</summary>
public sealed record ExportResult(long RecordsSelected, long ItemsWritten, long Undecodable, IReadOnlyList<string> Files, IReadOnlyList<PartitionRange> Ranges);
