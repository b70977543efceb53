namespace Splitstream.Streams.Tests;

/// <summary>Runs alone: <see cref="RocksDbMemory"/> sums every store open in the process, which other tests open and close.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RocksDbMemoryCollection
{
    public const string Name = "RocksDB memory";
}
