namespace Splitstream.Platform.Tests;

/// <summary>Runs alone: <see cref="NativeHeapTrimmerTests"/> read the process's RSS and the trimmer's process-wide totals.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "Native heap";
}
