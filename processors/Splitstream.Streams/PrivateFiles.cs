namespace Splitstream.Streams;

/// <summary>
/// Local state is the athletes' data: its directories are 0700 at every level and the files written here 0600 (owner
/// only) where the OS has modes. RocksDB creates its own files 0644 less the umask (it has no option for the mode):
/// 0600 under the hosts' umask (<see cref="Schemas.PrivateFiles.RestrictNewFiles"/>), and the 0700 directories around
/// them keep them the owner's in any process that did not set it.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>The directory and every missing parent as 0700 (<see cref="Schemas.PrivateFiles.CreateDirectory"/>).</summary>
    public static void CreateDirectory(string path) => Schemas.PrivateFiles.CreateDirectory(path);

    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }
}
