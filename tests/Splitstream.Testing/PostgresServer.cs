using System.Diagnostics;
using Npgsql;

namespace Splitstream.Testing;

/// <summary>
/// The real PostgreSQL server of the tests: <c>SPLITSTREAM_TEST_POSTGRES</c> if set, else the machine's cluster started by
/// infra/postgres-test.sh (once per test run; the server runs as the postgres user). Each test class gets a fresh database.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> AdminConnection = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await AdminConnection.Value;
        var name = "splitstream_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await AdminConnection.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("SPLITSTREAM_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }
        var script = Path.Combine(RepoPaths.Root, "infra", "postgres-test.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start " + script);
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {error}");
        }
        return output.Trim().Split('\n')[^1];
    }
}
