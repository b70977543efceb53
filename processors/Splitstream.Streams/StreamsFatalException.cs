namespace Splitstream.Streams;

/// <summary>A failure of the runtime itself (a write that Kafka did not acknowledge): never a dead letter; the instance stops without committing.</summary>
public sealed class StreamsFatalException(string message, Exception? inner = null) : Exception(message, inner);
