using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

/// <summary>The one host of `make run`, as a real process: ready, run.json, health, topics, one host per data directory, and a clean stop on SIGTERM.</summary>
public sealed class AppHostTests
{
    [Fact]
    public async Task The_host_becomes_ready_writes_run_json_refuses_a_second_host_on_its_data_and_stops_cleanly_on_SIGTERM()
    {
        var work = Directory.CreateTempSubdirectory("splitstream-apphost-").FullName;
        var runJson = Path.Combine(work, ".data", "run.json");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // The host is told its URLs up front (run.json names them): picked ports, others if one was taken before it bound it.
        var (started, ingestUrl, queryUrl) = await LoopbackPorts.StartAsync(async ingestPort =>
        {
            var (ingest, query) = ($"http://127.0.0.1:{ingestPort}", $"http://127.0.0.1:{LoopbackPorts.Pick()}");
            var process = StartHost(work, ingest, query, output);
            var ready = Stopwatch.StartNew();
            while (!File.Exists(runJson) && ready.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited)
            {
                await Task.Delay(200);
            }
            if (!File.Exists(runJson))
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                process.Dispose();
                throw new InvalidOperationException("run.json not written; output:\n" + string.Join('\n', output));
            }
            return (process, ingest, query);
        }, e => LoopbackPorts.MentionsPortInUse(e.Message));
        using var host = started;
        try
        {
            using var run = JsonDocument.Parse(await File.ReadAllTextAsync(runJson));
            Assert.Equal(ingestUrl, run.RootElement.GetProperty("ingest_url").GetString());
            Assert.Equal(queryUrl, run.RootElement.GetProperty("query_url").GetString());
            var bootstrap = run.RootElement.GetProperty("kafka_bootstrap").GetString()!;
            var registry = run.RootElement.GetProperty("schema_registry_url").GetString()!;

            using var http = new HttpClient();
            foreach (var url in new[] { ingestUrl, queryUrl })
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + "/healthz")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + "/readyz")).StatusCode);
                // Prometheus text and the API reference, both without a token.
                using var metrics = await http.GetAsync(url + "/metrics");
                Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
                Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync());
                using var reference = await http.GetAsync(url + "/scalar/");
                Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
                Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
            }
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(registry.TrimEnd('/') + "/subjects")).StatusCode);
            var metadata = await RunAsync("kcat", $"-L -b {bootstrap}");
            Assert.Contains($"topic \"{Topics.Gps}\" with 12 partitions", metadata);
            // The signing key the host created is the one `make token` uses.
            Assert.True(File.Exists(Path.Combine(work, ".data", "dev-signing-key")));

            // A second host on the same data directory (its own ports) would share the store and the cluster archive.
            using (var second = Process.Start(AppHost(work, $"http://127.0.0.1:{LoopbackPorts.Pick()}", $"http://127.0.0.1:{LoopbackPorts.Pick()}"))!)
            {
                var secondOut = second.StandardOutput.ReadToEndAsync();
                var secondErr = second.StandardError.ReadToEndAsync();
                using var refused = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await second.WaitForExitAsync(refused.Token);
                Assert.Equal(2, second.ExitCode);
                Assert.Equal("", (await secondOut).Trim());
                var line = Assert.Single((await secondErr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains("is in use by another Splitstream", line);
            }
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(queryUrl + "/readyz")).StatusCode);

            Process.Start("kill", ["-TERM", host.Id.ToString()])!.WaitForExit();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.WaitForExitAsync(exit.Token);
            Assert.Equal(0, host.ExitCode);
            Assert.False(File.Exists(runJson), "run.json should be removed on a clean stop");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_port_already_in_use_is_one_line_on_stderr_and_exit_code_2_not_a_stack_trace()
    {
        var work = Directory.CreateTempSubdirectory("splitstream-port-").FullName;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenUrl = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var host = Process.Start(AppHost(work, takenUrl, $"http://127.0.0.1:{LoopbackPorts.Pick()}"))!;
        var stdout = host.StandardOutput.ReadToEndAsync();
        var stderr = host.StandardError.ReadToEndAsync();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(exit.Token);

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, host.ExitCode);
        Assert.Equal("", (await stdout).Trim());
        var line = Assert.Single(lines);
        Assert.Contains($"{takenUrl}: port {((IPEndPoint)taken.LocalEndpoint).Port} is already in use", line);
        // The fault suite starts the AppHost on picked ports and picks again when they were taken: by this line.
        Assert.True(LoopbackPorts.MentionsPortInUse(line), "LoopbackPorts.MentionsPortInUse does not recognise: " + line);
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_services_accept_as_its_last_line()
    {
        var work = Directory.CreateTempSubdirectory("splitstream-token-").FullName;

        var output = await RunAsync("dotnet", $"{RepoPaths.Output("tools/Splitstream.Cli", "splitstream.dll")} token --user u1 --role organiser", work);

        var token = output.Trim().Split('\n').Last();
        var key = TokenService.LoadKey(new AuthOptions { SigningKeyFile = Path.Combine(work, ".data", "dev-signing-key") });
        var result = new TokenService(key).Validate(token);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(("u1", "organiser"), (result.Subject, result.Role));
    }

    [Theory]
    [InlineData("token --user u1 --role device")]
    [InlineData("simulate --url http://127.0.0.1:9 --devices 1 --race-racers 0")]
    public async Task A_signing_key_file_under_256_bits_is_one_line_and_exit_2_from_the_cli(string command)
    {
        var work = Directory.CreateTempSubdirectory("splitstream-short-key-").FullName;
        var keyFile = Path.Combine(work, "short-key");
        await File.WriteAllTextAsync(keyFile, "0123456789abcdef");

        using var process = Process.Start(new ProcessStartInfo("dotnet", $"{RepoPaths.Output("tools/Splitstream.Cli", "splitstream.dll")} {command} --key-file {keyFile}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = work,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", await stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("has 128 bits; at least 256 are required", line);
        Assert.StartsWith("splitstream: " + keyFile, line);
    }

    private static Process StartHost(string work, string ingestUrl, string queryUrl, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var host = Process.Start(AppHost(work, ingestUrl, queryUrl))!;
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        return host;
    }

    /// <summary>`make run`'s host as a process in <paramref name="work"/>, without the simulator, output redirected.</summary>
    private static ProcessStartInfo AppHost(string work, string ingestUrl, string queryUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SIM"] = "0" },
        };
        foreach (var arg in new[] { RepoPaths.Output("infra/Splitstream.AppHost", "Splitstream.AppHost.dll"),
                     $"--AppHost:IngestUrl={ingestUrl}", $"--AppHost:QueryUrl={queryUrl}", "--AppHost:DataDirectory=.data" })
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static async Task<string> RunAsync(string file, string arguments, string? workingDirectory = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
