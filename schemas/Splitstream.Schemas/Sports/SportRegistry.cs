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
        .ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every sport, by name.</summary>
    public static IReadOnlyList<ISport> All { get; } = [.. ByName.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The sports devices track by GPS (<c>hike, ride, run, walk</c>).</summary>
    public static IReadOnlyList<ISport> Tracked { get; } = [.. All.Where(s => s.Tracked)];

    /// <summary>Names for error messages: "hike, ride, run, swim, …".</summary>
    public static string Names { get; } = string.Join(", ", All.Select(s => s.Name));

    /// <summary>Names of the tracked sports for error messages.</summary>
    public static string TrackedNames { get; } = string.Join(", ", Tracked.Select(s => s.Name));

    /// <summary>
    /// Exact wire names only (DESIGN §3: <c>run|ride|walk|hike</c>, lower case): the name is published as given and keys
    /// boards, goals and progress, so "RUN" or " run" would be a sport of its own; they are a 400 instead.
    /// </summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out ISport? sport)
    {
        sport = null;
        return name is not null && ByName.TryGetValue(name, out sport);
    }

    /// <summary>Whether <paramref name="name"/> is a sport devices track by GPS.</summary>
    public static bool IsTracked(string? name) => TryGet(name, out var sport) && sport.Tracked;
}
