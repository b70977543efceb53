using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Replay;

/// <summary>
/// A topology the replay tool can run again from the beginning of its inputs, under another application id, into
/// copies of its output topics; settings (<c>--set Key=value</c>) change its rules for the comparison.
/// </summary>
public interface IRerunnableTopology
{
    /// <summary>The name on the command line (<c>--topology</c>).</summary>
    string Name { get; }

    /// <summary>The application id production uses: a re-run never runs under it.</summary>
    string LiveApplicationId { get; }

    IReadOnlyList<string> InputTopics { get; }

    /// <summary>The live output topics; a re-run writes to <c>&lt;topic&gt;.&lt;suffix&gt;</c>.</summary>
    IReadOnlyList<TopicSpec> OutputTopics(int partitions);

    /// <summary>The settings keys <see cref="Build"/> understands, with what they change, for help and errors.</summary>
    IReadOnlyList<string> SettingKeys { get; }

    /// <summary>The topology writing to <paramref name="outputName"/>(live topic); throws <see cref="ArgumentException"/> for a bad setting.</summary>
    Topology Build(ISchemaRegistry registry, Func<string, string> outputName, IReadOnlyDictionary<string, string> settings);
}
