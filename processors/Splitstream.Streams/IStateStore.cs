namespace Splitstream.Streams;

/// <summary>A task-local state store; the runtime restores it from its changelog before the task processes a record.</summary>
public interface IStateStore
{
    string Name { get; }

    /// <summary>Whether the store writes a changelog (<c>&lt;application-id&gt;-&lt;store&gt;-changelog</c>).</summary>
    bool Logged { get; }

    /// <summary>How many entries it holds now (read on the stream thread: stores are not thread-safe).</summary>
    int Count { get; }
}
