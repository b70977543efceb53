using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Splitstream.Platform;

/// <summary>
/// The one place that decides which librdkafka this process loads: the self-contained
/// <c>runtimes/&lt;rid&gt;/native/centos8-librdkafka.so</c> of the librdkafka.redist package, for Confluent.Kafka and for the
/// embedded cluster's own P/Invoke (<see cref="MockClusterNative"/>) alike, so both share one library handle.
/// </summary>
/// <remarks>
/// The package's default <c>librdkafka.so</c> links RHEL's <c>libsasl2.so.3</c>, which Debian lacks; .NET's default search
/// then silently takes any other librdkafka it finds (Debian's 2.0.2, on which Confluent.Kafka 2.x fails at Consume).
/// <c>Library.Load(path)</c> cannot help: it dlopens through <c>libdl.so</c>, absent without libc6-dev. A DllImport
/// resolver per assembly is the supported hook. <see cref="Register"/> runs from a module initializer compiled into every
/// Kafka-using assembly (infra/KafkaNativeInitializer.cs), so it happens before any client exists in any process.
/// </remarks>
public static class KafkaNative
{
    private const string SelfContainedLinuxLibrary = "centos8-librdkafka.so";

    private static readonly object Gate = new();
    private static nint handle;

    /// <summary>The file loaded, or null where the default loading applies (not Linux x64/arm64 with glibc).</summary>
    public static string? LoadedPath { get; private set; }

    /// <summary>Points Confluent.Kafka's and the mock cluster's P/Invoke at one library handle. Idempotent and thread-safe.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (handle != 0 || LoadedPath is not null)
            {
                return;
            }
            var path = FindLibrary();
            if (path is null)
            {
                // Windows, macOS, musl: the package's default library loads as it is.
                LoadedPath = string.Empty;
                return;
            }
            handle = NativeLibrary.Load(path);
            LoadedPath = path;
            DllImportResolver resolver = (name, _, _) => IsLibrdkafka(name) ? handle : 0;
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, resolver);
            NativeLibrary.SetDllImportResolver(typeof(KafkaNative).Assembly, resolver);
        }
    }

    /// <summary>librdkafka's version as loaded, e.g. "2.16.0", with the file it came from; for one log line at start.</summary>
    public static string Describe()
    {
        Register();
        var from = string.IsNullOrEmpty(LoadedPath) ? "the package's default library" : LoadedPath;
        return $"librdkafka {Library.VersionString} from {from}";
    }

    private static bool IsLibrdkafka(string name) =>
        name.Contains("librdkafka", StringComparison.Ordinal) || name == "rdkafka";

    private static string? FindLibrary()
    {
        if (!OperatingSystem.IsLinux() || IsMusl())
        {
            return null;
        }
        // x64: the self-contained build (the default one links RHEL's libsasl2); arm64 ships only a self-contained one.
        var (rid, file) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => ("linux-x64", SelfContainedLinuxLibrary),
            Architecture.Arm64 => ("linux-arm64", "librdkafka.so"),
            _ => (null, null),
        };
        if (rid is null || file is null)
        {
            return null;
        }
        // The build copies the package's runtimes/ folder next to every executable and test assembly; a host that
        // loads the assemblies from elsewhere still has it next to Confluent.Kafka.dll.
        var roots = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Library).Assembly.Location) };
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r)))
        {
            var candidate = Path.Combine(root!, "runtimes", rid, "native", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DllNotFoundException(
            $"{file} (librdkafka.redist) is not under runtimes/{rid}/native/ in {AppContext.BaseDirectory}: without it " +
            "another librdkafka on the system would be taken silently");
    }

    private static bool IsMusl() =>
        File.Exists("/etc/alpine-release") || RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
}
