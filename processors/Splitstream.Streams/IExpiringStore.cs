namespace Splitstream.Streams;

/// <summary>A store whose entries expire with stream time (window stores); the task expires them at each flush.</summary>
internal interface IExpiringStore
{
    void ExpireBefore(long streamTime);
}
