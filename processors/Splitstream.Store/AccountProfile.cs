namespace Splitstream.Store;

/// <summary>
/// A user's profile (DESIGN §7), in the <c>users</c> table: <see cref="Visibility"/> is <c>public</c>, <c>friends</c>
/// or <c>private</c>; <c>public</c> is what <see cref="UserProfile.PublicActivities"/> means to the readers.
/// </summary>
public sealed record AccountProfile(string UserId, string DisplayName, string Visibility, string? Country, double? WeightKg, int? MaxHr)
{
    public const string Public = "public";
    public const string Friends = "friends";
    public const string Private = "private";

    public static readonly IReadOnlySet<string> Visibilities = new HashSet<string> { Public, Friends, Private };
}
