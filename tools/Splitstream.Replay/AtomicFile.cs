namespace Splitstream.Replay;

/// <summary>
/// A file written under a temporary name next to its destination and renamed over it only on <see cref="Commit"/>:
/// a run that fails or is cancelled (Ctrl-C) leaves the destination as it was and deletes the temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private bool committed;

    private AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        TempPath = TempName(Path);
        Stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
    }

    public string Path { get; }

    public string TempPath { get; }

    public FileStream Stream { get; }

    /// <summary>The marker in temporary names, so a crashed run's leftovers can be recognised.</summary>
    public const string TempMarker = ".partial-";

    public static AtomicFile Create(string path) => new(path);

    public static string TempName(string path) => path + TempMarker + Guid.NewGuid().ToString("N")[..8];

    public async Task CommitAsync()
    {
        await Stream.FlushAsync();
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync();
        File.Move(TempPath, Path, overwrite: true);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed)
        {
            Stream.Dispose();
            File.Delete(TempPath);
        }
    }
}
