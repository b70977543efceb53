namespace Splitstream.QueryApi.Races;

/// <summary>Why a viewer may not change a race: it does not exist for them (missing, or private and not theirs), or it is someone else's.</summary>
public enum RaceDenial
{
    NotFound,
    Forbidden,
}
