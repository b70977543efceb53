using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Splitstream.Platform;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>
/// Every route of both services, enumerated from their endpoint data sources, called with no token and with each role
/// (DESIGN §7): a route either is explicitly anonymous or names a policy; no token is 401, a role outside the policy is
/// 403 problem+json, a role inside it gets past authorization. A new route without a declaration fails here.
/// </summary>
public sealed partial class RoleMatrixTests(RoleMatrixTests.Hosts hosts) : IClassFixture<RoleMatrixTests.Hosts>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in new[] { "ingest", "query" })
        {
            foreach (var role in Roles.All.Append("none"))
            {
                data.Add(service, role);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_route_answers_each_role_as_it_declares(string service, string role)
    {
        var host = service == "ingest" ? hosts.Ingest : hosts.Query;
        var failures = new List<string>();
        var routes = Routes(host).ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            if (route.Anonymous is false && route.AllowedRoles is null)
            {
                failures.Add($"{route.Method} {route.Pattern} declares neither roles (RequireAuthorization(policy)) nor AllowAnonymous");
                continue;
            }
            // A user of its own per request: the ingest rate limit partitions by subject.
            var user = $"matrix-{Guid.NewGuid():N}"[..20];
            var token = role == "none" ? null : host.Tokens.Issue(user, role, TimeSpan.FromHours(1));
            var (status, body) = await CallAsync(host, route, user, token);
            var roleRefused = status == HttpStatusCode.Forbidden && body.Contains(ProblemAuthorizationResultHandler.ProblemType, StringComparison.Ordinal);
            var expectation = route.Anonymous ? "past authorization"
                : role == "none" ? "401"
                : route.AllowedRoles!.Contains(role) ? "past authorization" : "403 (role)";
            var ok = expectation switch
            {
                "401" => status == HttpStatusCode.Unauthorized,
                "403 (role)" => roleRefused,
                _ => status != HttpStatusCode.Unauthorized && !roleRefused,
            };
            if (!ok)
            {
                failures.Add($"{route.Method} {route.Pattern} as {role}: expected {expectation}, got {(int)status} {body[..Math.Min(body.Length, 200)]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Telemetry_writes_are_the_device_role_only()
    {
        var writes = Routes(hosts.Ingest).Where(r => (r.Pattern.StartsWith("/v1/activities", StringComparison.Ordinal) && r.Pattern != "/v1/activities/manual")
            || r.Pattern.StartsWith("/v1/ws", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, writes.Count);
        Assert.All(writes, r => Assert.Equal([Roles.Device], r.AllowedRoles));
    }

    /// <summary>Rows of the matrix for the workouts routes (DESIGN §10): who may log by hand, who may read progress.</summary>
    public static TheoryData<string, string, string, string[]> WorkoutRoutes() => new()
    {
        { "ingest", "POST", "/v1/activities/manual", [Roles.Athlete, Roles.Device] },
        { "query", "GET", "/v1/users/{user}/progress", [Roles.Admin, Roles.Analyst, Roles.Athlete, Roles.Organiser] },
        { "query", "GET", "/v1/users/{user}/export", [Roles.Admin, Roles.Analyst, Roles.Athlete, Roles.Organiser] },
    };

    [Theory]
    [MemberData(nameof(WorkoutRoutes))]
    public void Workout_routes_declare_exactly_their_roles(string service, string method, string pattern, string[] roles)
    {
        var route = Assert.Single(Routes(service == "ingest" ? hosts.Ingest : hosts.Query), r => r.Method == method && r.Pattern == pattern);

        Assert.False(route.Anonymous);
        Assert.Equal(roles.Order(StringComparer.Ordinal), route.AllowedRoles!.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<RouteInfo> Routes(ServiceHost host)
    {
        var policies = host.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(a => a.Policy is not null).Select(a => a.Policy!).ToList();
            HashSet<string>? allowed = null;
            foreach (var policyName in named)
            {
                var policy = policies.GetPolicyAsync(policyName).GetAwaiter().GetResult()!;
                var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
                    .SelectMany(r => r.AllowedRoles).ToHashSet();
                allowed = allowed is null ? roles : [.. allowed.Intersect(roles)];
            }
            foreach (var method in methods)
            {
                yield return new RouteInfo(method, pattern, anonymous, allowed);
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> CallAsync(ServiceHost host, RouteInfo route, string user, string? token)
    {
        var path = ParameterPattern().Replace(route.Pattern, m => m.Groups[1].Value switch
        {
            "id" or "user" when route.Pattern.Contains("/users/", StringComparison.Ordinal) => user,
            "id" => Guid.NewGuid().ToString(),
            "documentName" => "v1",
            "sport" => "run",
            _ => "matrix-" + m.Groups[1].Value,
        });
        using var http = host.Client(token);
        http.Timeout = TimeSpan.FromSeconds(30);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        // Streams answer their headers at once and then keep going: the status is all this needs.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = response.Content.Headers.ContentType?.MediaType is "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body);
    }

    [GeneratedRegex(@"\{([A-Za-z_]+)[^}]*\}")]
    private static partial Regex ParameterPattern();

    public sealed record RouteInfo(string Method, string Pattern, bool Anonymous, HashSet<string>? AllowedRoles);

    /// <summary>Both services on one embedded platform and one store.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));
        private EmbeddedPlatform platform = null!;

        public ServiceHost Ingest { get; private set; } = null!;

        public ServiceHost Query { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            platform = await EmbeddedPlatform.StartAsync(partitions: 3);
            var settings = ServiceHost.Embedded(Path.Combine(directory, "splitstream.db"));
            Query = await ServiceHost.StartQueryAsync(platform, settings);
            Ingest = await ServiceHost.StartIngestAsync(platform, settings);
        }

        public async Task DisposeAsync()
        {
            await Ingest.DisposeAsync();
            await Query.DisposeAsync();
            await platform.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
