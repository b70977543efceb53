namespace Splitstream.QueryApi;

/// <summary>How the reader stands to the owner of what they read.</summary>
public enum ViewerRelation
{
    Owner,
    Friend,
    Stranger,

    /// <summary>The owner's profile is private: nothing of theirs is shown to anyone but them, friends included.</summary>
    Hidden,
}
