namespace Splitstream.Replay;

/// <summary>The topologies <c>splitstream replay rerun --topology NAME</c> knows.</summary>
public static class RerunTopologies
{
    public static IReadOnlyList<IRerunnableTopology> All { get; } = [new ActivityMetricsRerun()];

    public static IRerunnableTopology Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown topology '{name}' (known: {string.Join(", ", All.Select(t => t.Name))})");
}
