using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Auth.Tests;

/// <summary>Regression tests of the hardening items: no token in any log, private files, WebSocket caps and idle close, the page's CSP.</summary>
public sealed partial class HardeningTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-auth-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task No_log_line_at_any_level_carries_a_token_passed_in_the_query_string()
    {
        var logs = new CapturingLoggerProvider();
        await using var query = await ServiceHost.StartQueryAsync(null, ServiceHost.Embedded(Path.Combine(directory, "logs.db")), logs);
        var token = query.Tokens.Issue("u1", Roles.Athlete, TimeSpan.FromHours(1));
        var expired = query.Tokens.Issue("u1", Roles.Athlete, TimeSpan.FromHours(-1));
        using var http = query.Client();

        foreach (var t in new[] { token, expired })
        {
            using var live = new HttpRequestMessage(HttpMethod.Get, $"/v1/races/r1/live?access_token={t}");
            live.Headers.Accept.ParseAdd("text/event-stream");
            using (await http.SendAsync(live, HttpCompletionOption.ResponseHeadersRead))
            {
            }
            await http.GetAsync($"/v1/users/u1/activities?access_token={t}");
            await http.GetAsync($"/races/r1?access_token={t}");
        }
        using var bearer = query.Client(expired);
        await bearer.GetAsync("/v1/users/u1/activities");

        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { token, expired }.SelectMany(t => t.Split('.').Skip(1)))
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_directory_is_0700_and_the_key_the_store_and_run_json_are_0600()
    {
        var data = Path.Combine(directory, ".data");
        Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        TokenService.LoadKey(new AuthOptions { SigningKeyFile = Path.Combine(data, "dev-signing-key") });
        await using (var store = new SqliteStore(Path.Combine(data, "splitstream.db")))
        {
            await store.MigrateAsync();
            await store.UpsertUserAsync(new UserProfile("u1", "U", false));
            await store.WriteHeartRateAsync([new HeartRatePoint("a1", 0, 120)]);
        }
        PrivateFiles.WriteAllText(Path.Combine(data, "run.json"), "{}");
        var fresh = PrivateFiles.CreateDirectory(Path.Combine(directory, "other", "nested"));

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(fresh));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(fresh)!));
        var files = Directory.GetFiles(data);
        Assert.Contains(files, f => f.EndsWith("splitstream.db-wal", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("splitstream.db.points-wal", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == owner, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_private_file_being_rewritten_is_never_read_empty_or_half_written()
    {
        // A tool polls for run.json and reads it as soon as it exists (ci57 read it empty once).
        var path = Path.Combine(directory, "rewritten", "run.json");
        string[] versions = [new('a', 256 * 1024), new('b', 256 * 1024)];
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                PrivateFiles.WriteAllText(path, versions[i % 2]);
            }
        });
        var seen = new HashSet<int>();
        var reads = 0;
        while (reads < 2_000)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path);
            }
            catch (FileNotFoundException)
            {
                continue; // not written yet
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            reads++;
            seen.Add(text.Length);
            Assert.True(text == versions[0] || text == versions[1], $"read {text.Length} characters");
        }
        await writing.CancelAsync();
        await writer;
        Assert.Equal([256 * 1024], seen);
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary left beside it
    }

    [Fact]
    public async Task The_live_page_sends_a_content_security_policy_that_allows_exactly_its_own_inline_code()
    {
        await using var query = await ServiceHost.StartQueryAsync(null, ServiceHost.Embedded(Path.Combine(directory, "csp.db")));
        using var http = query.Client();

        var page = await http.GetAsync("/races/r1");
        var html = await page.Content.ReadAsStringAsync();
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var scripts = InlineScript().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s.Groups[1].Value)))}'", policy));
        Assert.DoesNotContain("unsafe-inline", policy);
    }

    [Fact]
    public async Task Sample_websockets_are_capped_per_user_and_closed_when_idle()
    {
        await using var platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var settings = ServiceHost.Embedded(Path.Combine(directory, "ws.db"));
        settings["Ingest:MaxWebSocketsPerUser"] = "2";
        settings["Ingest:WebSocketIdleTimeout"] = "00:00:03";
        await using var ingest = await ServiceHost.StartIngestAsync(platform, settings);
        var token = ingest.Tokens.Issue("ws-user", Roles.Device, TimeSpan.FromHours(1));
        using var http = ingest.Client(token);
        var activity = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/activities",
            new { activity_id = activity, sport = "run", started_at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") })).StatusCode);
        var url = new Uri($"ws://{ingest.BaseAddress.Authority}/v1/ws/activities/{activity}");

        using var first = await ConnectAsync(url, token);
        using var second = await ConnectAsync(url, token);
        var refused = await Assert.ThrowsAsync<WebSocketException>(async () => (await ConnectAsync(url, token)).Dispose());
        Assert.Contains("429", refused.Message);

        // Silent sockets are closed by the server with 1008 "idle timeout", and their places are free again.
        var buffer = new byte[1024];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var closed = await first.ReceiveAsync(buffer, wait.Token);
        Assert.Equal(WebSocketMessageType.Close, closed.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, first.CloseStatus);
        Assert.Equal("idle timeout", first.CloseStatusDescription);
        await second.ReceiveAsync(buffer, wait.Token);
        using var third = await EventuallyConnectAsync(url, token, wait.Token);
        Assert.Equal(WebSocketState.Open, third.State);
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri url, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        try
        {
            await socket.ConnectAsync(url, CancellationToken.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<ClientWebSocket> EventuallyConnectAsync(Uri url, string token, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await ConnectAsync(url, token);
            }
            catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
            {
                // The server releases a socket's place once its close handshake is done.
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"<script(?:\s[^>]*)?>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
