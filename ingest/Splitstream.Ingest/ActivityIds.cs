namespace Splitstream.Ingest;

/// <summary>Activity ids are UUIDs; one canonical spelling (lower-case, hyphenated) so "ABC…" and "abc…" are one activity.</summary>
public static class ActivityIds
{
    public static bool TryNormalize(string? text, out string activityId)
    {
        if (Guid.TryParse(text, out var guid))
        {
            activityId = guid.ToString("D");
            return true;
        }
        activityId = "";
        return false;
    }

    public static string New() => Guid.NewGuid().ToString("D");
}
