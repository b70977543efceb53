using System.Diagnostics;
using Npgsql;

namespace Splitstream.Bench;

/// <summary>
/// A fresh PostgreSQL database for one bench run, dropped when disposed. The server is <c>SPLITSTREAM_TEST_POSTGRES</c>
/// (or the connection string given), else the machine's test cluster that <c>infra/postgres-test.sh</c> starts.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string admin;
    private readonly string name;

    private BenchDatabase(string admin, string name)
    {
        this.admin = admin;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string repositoryRoot, string? server = null)
    {
        var admin = server is { Length: > 0 } ? server
            : Environment.GetEnvironmentVariable("SPLITSTREAM_TEST_POSTGRES") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : await StartTestServerAsync(repositoryRoot);
        var database = new BenchDatabase(admin, "splitstream_bench_" + Guid.NewGuid().ToString("N")[..8]);
        await ExecuteAsync(admin, $"CREATE DATABASE {database.name}");
        return database;
    }

    /// <summary>Runs each ';'-separated statement of <paramref name="sql"/> (10 minutes each at most: checkpoints, truncates).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>The repository the bench runs in (the directory holding Pipeline.sln, from the working directory up).</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run from inside the repository");
    }

    private static async Task<string> StartTestServerAsync(string repositoryRoot)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(repositoryRoot, "infra", "postgres-test.sh")]) { RedirectStandardOutput = true };
        using var script = Process.Start(start)!;
        var output = await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/postgres-test.sh failed with exit code {script.ExitCode}");
        }
        return output.Trim().Split('\n')[^1];
    }
}
