namespace Splitstream.Auth.Tests;

/// <summary>
/// Tests that measure the process's managed heap: no other test of the assembly runs while they do, since the heap is
/// the whole process's (a parallel test's live buffers counted as the export's own: 232 MiB "streamed" in a full run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInProcessCollection
{
    public const string Name = "alone in the process";
}
