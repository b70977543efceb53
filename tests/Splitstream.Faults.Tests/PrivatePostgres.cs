using System.Diagnostics;
using Npgsql;

namespace Splitstream.Faults.Tests;

/// <summary>
/// A PostgreSQL server of this test alone (initdb into a temporary directory, run as the postgres system user on a free
/// loopback port), so restarting it mid-write disturbs no other test project sharing the machine's cluster.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory;
    private readonly string binaries;
    private int port;

    private PrivatePostgres(string directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=splitstream;Pooling=true;Timeout=5";

    public int Restarts { get; private set; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var version = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.Parse(v!)).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (infra/prereqs.sh)");
        var binaries = Path.Combine("/usr/lib/postgresql", version, "bin");
        var directory = Directory.CreateTempSubdirectory("splitstream-faults-pg-").FullName;
        await RunAsync("chown", "postgres", directory);
        var server = new PrivatePostgres(directory, binaries, 0);
        await server.AsPostgresAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        // PostgreSQL can't bind port 0 and report it: a picked port, another if it was taken before the server bound it.
        // Restarts keep the port (the processors' connection string names it).
        await LoopbackPorts.StartAsync(async picked =>
        {
            server.port = picked;
            await server.StartServerAsync();
            return picked;
        }, _ => File.Exists(server.ServerLog) && LoopbackPorts.MentionsPortInUse(File.ReadAllText(server.ServerLog)));
        await using (var connection = new NpgsqlConnection(server.ConnectionString.Replace("Database=splitstream", "Database=postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE splitstream", connection);
            await create.ExecuteNonQueryAsync();
        }
        return server;
    }

    /// <summary>Stops the server the way a crash does (immediate: no checkpoint, open transactions lost) and starts it again.</summary>
    public async Task CrashRestartAsync(TimeSpan down)
    {
        await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        await Task.Delay(down);
        await StartServerAsync();
        Restarts++;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string DataDirectory => Path.Combine(directory, "data");

    private string ServerLog => Path.Combine(directory, "server.log");

    private Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", ServerLog, "-w",
        "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on", "start");

    private Task AsPostgresAsync(string tool, params string[] arguments) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(binaries, tool), .. arguments]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
