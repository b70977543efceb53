namespace Splitstream.Streams;

public enum RuntimeState
{
    Created,
    Running,
    Stopped,
    Killed,
    Failed,
}
