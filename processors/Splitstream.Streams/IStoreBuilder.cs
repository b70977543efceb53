namespace Splitstream.Streams;

/// <summary>Builds one store instance per task.</summary>
public interface IStoreBuilder
{
    string Name { get; }

    bool Logged { get; }

    IStateStore Build();
}
