namespace Splitstream.AppHost;

/// <summary>
/// One `make run` per data directory, as Kafka locks each log directory: two hosts on one <c>.data</c> would restore and
/// append the same cluster archive and race each other's state. The lock is an exclusive flock on <c>.data/lock</c>
/// (what .NET takes for <see cref="FileShare.None"/> on Unix), held for the life of the process; the kernel releases it
/// when the process ends, SIGKILL included, so a restart after a crash is never refused. It is a file of its own: a
/// descriptor of the SQLite store must never be opened and closed beside SQLite's (that drops its POSIX locks).
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "lock";

    private readonly FileStream stream;

    private DataDirectoryLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock, or returns null and one line saying why (another host holds it).</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory, out string? error)
    {
        var directory = Splitstream.Schemas.PrivateFiles.CreateDirectory(dataDirectory);
        var path = Path.Combine(directory, FileName);
        var options = Splitstream.Schemas.PrivateFiles.StreamOptions(FileMode.OpenOrCreate);
        options.Share = FileShare.None;
        try
        {
            var stream = new FileStream(path, options);
            error = null;
            return new DataDirectoryLock(stream);
        }
        catch (IOException) when (File.Exists(path))
        {
            error = $"error: {directory} is in use by another Splitstream (it holds {path}); stop that one first, or give this one its own data directory";
            return null;
        }
    }

    public void Dispose() => stream.Dispose();
}
