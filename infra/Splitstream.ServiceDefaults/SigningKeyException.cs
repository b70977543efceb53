namespace Splitstream.ServiceDefaults;

/// <summary>
/// The embedded issuer's signing key is unusable (shorter than 256 bits). Its own type so that a service's start-up
/// validation and the CLI can turn exactly this into one line, while any other failure keeps its stack trace.
/// </summary>
public sealed class SigningKeyException(string message) : Exception(message);
