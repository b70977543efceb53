namespace Splitstream.ServiceDefaults;

/// <summary>The <c>Auth</c> section: the HS256 signing key, or the development key file used when none is configured.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string SigningKey { get; set; } = "";

    public string SigningKeyFile { get; set; } = ".data/dev-signing-key";
}
