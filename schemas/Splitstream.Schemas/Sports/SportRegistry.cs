using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Splitstream.Schemas.Sports;

/// <summary>
/// Every sport Splitstream knows (DESIGN §10), found by reflection: each non-abstract <see cref="ISport"/> with a
/// parameterless constructor in this assembly is one entry, so a new workout type is one class. Wire names are
/// case-insensitive on input and lower-case on output.
/// </summary>
public static class SportRegistry
{
    private static readonly FrozenDictionary<string, ISport> ByName = typeof(ISport).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ISport).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ISport)Activator.CreateInstance(t)!)
        .ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every sport, by name.</summary>
    public static IReadOnlyList<ISport> All { get; } = [.. ByName.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The sports devices track by GPS (<c>hike, ride, run, walk</c>).</summary>
    public static IReadOnlyList<ISport> Tracked { get; } = [.. All.Where(s => s.Tracked)];

    /// <summary>Names for error messages: "hike, ride, run, swim, …".</summary>
    public static string Names { get; } = string.Join(", ", All.Select(s => s.Name));

    /// <summary>Names of the tracked sports for error messages.</summary>
    public static string TrackedNames { get; } = string.Join(", ", Tracked.Select(s => s.Name));

    public static bool TryGet(string? name, [NotNullWhen(true)] out ISport? sport)
    {
        sport = null;
        return name is not null && ByName.TryGetValue(name.Trim(), out sport);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is, exactly, the wire name of a sport devices track by GPS (DESIGN §3:
    /// <c>run|ride|walk|hike</c>). Exact because the start and upload routes publish the name as given, and boards, goals
    /// and progress are keyed by it: "RUN" would be a sport of its own, so it is a 400 (the gateway fuzz test sends it).
    /// </summary>
    public static bool IsTracked(string? name) => TryGet(name, out var sport) && sport.Tracked && sport.Name == name;
}
