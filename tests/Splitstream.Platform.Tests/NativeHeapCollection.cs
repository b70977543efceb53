namespace Splitstream.Platform.Tests;

/// <summary>Runs alone: <see cref="NativeHeapTrimmerTests"/> read the trimmer's process-wide totals and the pages of blocks they freed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "Native heap";
}
