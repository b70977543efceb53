using System.Runtime.InteropServices;

namespace Splitstream.Platform.Archive;

/// <summary>
/// The archive's files are the owner's alone (0600; its directories 0700, made by <see cref="Schemas.PrivateFiles.CreateDirectory"/>):
/// they hold every user's telemetry. Here: appends, atomic replacement and directory fsync, which the archive needs.
/// </summary>
internal static partial class PrivateFiles
{

    public static FileStream OpenAppend(string path) => new(path, Options(FileMode.Append, FileAccess.Write));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> atomically and durably (temp file, fsync, rename).</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, Options(FileMode.Create, FileAccess.Write)))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync of a directory, so a created, renamed or deleted entry survives a crash (POSIX only).</summary>
    public static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = open(path, 0 /* O_RDONLY */);
        if (fd >= 0)
        {
            fsync(fd);
            close(fd);
        }
    }

    private static FileStreamOptions Options(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.Read, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Schemas.PrivateFiles.FileMode;
        }
        return options;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc")]
    private static partial int fsync(int fd);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
