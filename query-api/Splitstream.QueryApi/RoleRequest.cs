namespace Splitstream.QueryApi;

/// <summary>PUT /v1/admin/users/{id}/role: the role the account's tokens carry from its next token on.</summary>
public sealed record RoleRequest(string? Role);
