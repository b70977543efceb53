namespace Splitstream.Store;

/// <summary>
/// A webhook subscription (table <c>webhook_endpoints</c>, migration 9). <see cref="UserFilter"/> is the user whose
/// events it receives (the owner for a user's own hook), or <c>*</c> for everyone's (admins only). The secret is the
/// whole <c>whsec_…</c> string; it is needed in the clear to sign deliveries and is never logged.
/// </summary>
public sealed record WebhookEndpoint(
    string EndpointId, string OwnerId, string UserFilter, string Url, IReadOnlyList<string> Events, string Secret, string Status,
    long CreatedAtMs)
{
    public const string AnyUser = "*";
    public const string Verifying = "verifying";
    public const string Active = "active";
    public const string Disabled = "disabled";

    public bool Wants(string type) => Events.Contains(type) || Events.Contains("*");
}
