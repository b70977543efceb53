namespace Splitstream.Ingest;

public enum ActivityStatus
{
    Active,
    Paused,
    Finished,
}
