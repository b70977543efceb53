namespace Splitstream.QueryApi;

public sealed record RoleResponse(string UserId, string Role);
