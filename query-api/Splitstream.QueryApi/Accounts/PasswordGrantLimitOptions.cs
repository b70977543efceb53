namespace Splitstream.QueryApi.Accounts;

/// <summary>
/// How many password grants <c>POST /v1/auth/token</c> takes in a window, per client address and per username
/// (<c>Accounts:PasswordGrants</c>): enough for people who mistype, far too few for guessing passwords.
/// </summary>
public sealed class PasswordGrantLimitOptions
{
    public const string Section = "Accounts:PasswordGrants";

    public int PermitsPerWindow { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
