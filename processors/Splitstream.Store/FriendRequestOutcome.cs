namespace Splitstream.Store;

/// <summary>What a friendship request did: recorded and waiting, or made a friendship (the other had asked too, or they already were).</summary>
public enum FriendRequestOutcome
{
    Requested,
    Friends,
}
