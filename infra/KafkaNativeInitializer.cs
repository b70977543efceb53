using System.Runtime.CompilerServices;

// Compiled into every assembly that sets UsesKafka (Directory.Build.props): whichever of them runs first in a process
// (a service, a test assembly, a tool, a child process) points librdkafka's loading at the package's library before
// any Kafka P/Invoke can run. KafkaNative.Register is idempotent, so the other copies cost nothing.
#pragma warning disable CA2255 // a library's module initializer is the point here: the loader must be set before any client exists

namespace Splitstream.Platform.KafkaNativeLoading;

internal static class KafkaNativeInitializer
{
    [ModuleInitializer]
    internal static void Register() => KafkaNative.Register();
}
