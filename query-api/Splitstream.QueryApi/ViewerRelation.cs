namespace Splitstream.QueryApi;

/// <summary>How the reader stands to the owner of what they read.</summary>
public enum ViewerRelation
{
    Owner,
    Friend,
    Stranger,
}
