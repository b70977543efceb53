using System.Runtime.InteropServices;

namespace Splitstream.Schemas;

/// <summary>
/// A umask for what Splitstream writes under <c>.data</c>: directories 0700, files 0600, whatever the process umask is.
/// Lives in the lowest project every process references, so the signing key, the SQLite store and run.json all use it.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const string DataDirectoryName = ".data";

    /// <summary>
    /// Creates the directory and every missing parent as 0700. An existing one is left as it is, except a <c>.data</c>
    /// directory, Splitstream's own, which is tightened to 0700 (older versions left it 0755); a configured path like
    /// /tmp/x.db must never change /tmp.
    /// </summary>
    public static string CreateDirectory(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return full;
        }
        if (!Directory.Exists(full))
        {
            // One level at a time: the mode given to Directory.CreateDirectory is the last directory's only, and the
            // parents it makes get the umask's 0755 (how .data/state/<application> was made until 2026-12-05).
            if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
            {
                CreateDirectory(parent);
            }
            Directory.CreateDirectory(full, DirectoryMode);
        }
        else if (Path.GetFileName(full) == DataDirectoryName)
        {
            File.SetUnixFileMode(full, DirectoryMode);
        }
        return full;
    }

    /// <summary>
    /// Creates an empty file as 0600 if it does not exist (so a library opening it later keeps that mode), and tightens
    /// an existing one. An existing file is never opened: closing any descriptor of a file drops every POSIX lock this
    /// process holds on it, and SQLite's locks on the store are such locks (a second store on the file would have let
    /// another program delete the write-ahead log under the running pipeline).
    /// </summary>
    public static string EnsureFile(string path)
    {
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        if (!File.Exists(full))
        {
            try
            {
                using var _ = new FileStream(full, StreamOptions(System.IO.FileMode.CreateNew));
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process or thread created it first: it exists, which is all this needs.
            }
        }
        Restrict(full);
        return full;
    }

    /// <summary>Writes the whole file as 0600 (created with that mode, never briefly readable by others), replacing it in one rename.</summary>
    public static void WriteAllText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside and renamed over: a reader polling for the file (a tool waiting for run.json) never sees it
        // empty or half written.
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, StreamOptions(System.IO.FileMode.CreateNew)))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }
        File.Move(temporary, full, overwrite: true);
        Restrict(full);
    }

    /// <summary>Sets an existing file to 0600 (no-op on Windows or when it is gone).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>
    /// Sets the process's umask to 077, as PostgreSQL's server does at start: what a library creates with its own mode
    /// (RocksDB's state files, 0644, with no option to choose) is the owner's alone too. Every host's Program.cs calls it
    /// first. Answers the previous mask (0 on Windows, which has no umask).
    /// </summary>
    public static uint RestrictNewFiles() => OperatingSystem.IsWindows() ? 0 : umask(0b000_111_111);

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);

    /// <summary>Options that open a file for writing and, where the platform has modes, create it as 0600.</summary>
    public static FileStreamOptions StreamOptions(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return options;
    }
}
