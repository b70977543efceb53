namespace Splitstream.Store;

/// <summary>What registering a participant did.</summary>
public enum ParticipantOutcome
{
    Added,
    AlreadyRegistered,
    BibTaken,
    NoSuchRace,
}
