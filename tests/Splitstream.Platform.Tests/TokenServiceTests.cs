using System.Text;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

public sealed class TokenServiceTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("test-signing-key-0123456789abcdef");

    [Fact]
    public void An_issued_token_validates_with_its_subject_and_role()
    {
        var service = new TokenService(Key);

        var result = service.Validate(service.Issue("u1", Roles.Device, TimeSpan.FromHours(1)));

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(("u1", "device"), (result.Subject, result.Role));
    }

    [Theory]
    [InlineData("expired", "token expired")]
    [InlineData("other-key", "invalid signature")]
    [InlineData("tampered", "invalid signature")]
    [InlineData("garbage", "malformed token")]
    [InlineData("other-issuer", "wrong issuer")]
    [InlineData("other-audience", "wrong audience")]
    [InlineData("unknown-role", "known role")]
    public void Bad_tokens_are_refused_with_a_reason(string kind, string reason)
    {
        var service = new TokenService(Key);
        var token = kind switch
        {
            "expired" => service.Issue("u1", Roles.Device, TimeSpan.FromSeconds(-5)),
            "other-key" => new TokenService(Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef")).Issue("u1", Roles.Device, TimeSpan.FromHours(1)),
            "tampered" => Tamper(service.Issue("u1", Roles.Device, TimeSpan.FromHours(1))),
            "other-issuer" => new TokenService(Key, issuer: "someone-else").Issue("u1", Roles.Device, TimeSpan.FromHours(1)),
            "other-audience" => new TokenService(Key, audience: "another-api").Issue("u1", Roles.Device, TimeSpan.FromHours(1)),
            "unknown-role" => service.Issue("u1", "superuser", TimeSpan.FromHours(1)),
            _ => "not.a.token!",
        };

        var result = service.Validate(token);

        Assert.False(result.IsValid);
        Assert.Contains(reason, result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void A_signing_key_under_256_bits_is_refused(string key)
    {
        var error = Assert.Throws<SigningKeyException>(() => TokenService.LoadKey(Options(key)));

        Assert.Contains("at least 256", error.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_key_file_that_exists_is_read_and_its_mode_left_alone()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("splitstream-key-").FullName, "shared-key");
        File.WriteAllText(path, new string('k', 64));
        var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, shared);

        var key = TokenService.LoadKey(new AuthOptions { SigningKeyFile = path });

        Assert.Equal(64, key.Length);
        Assert.Equal(shared, File.GetUnixFileMode(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_development_key_file_is_created_once_and_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), "splitstream-" + Guid.NewGuid().ToString("N"), "dev-signing-key");
        var options = new AuthOptions { SigningKeyFile = path };

        var first = TokenService.LoadKey(options);
        var second = TokenService.LoadKey(options);

        Assert.Equal(first, second);
        Assert.Equal(64, first.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    /// <summary>An empty key is a key file whose content is empty (the configured key being empty means "use the file").</summary>
    private static AuthOptions Options(string key)
    {
        if (key.Length > 0)
        {
            return new AuthOptions { SigningKey = key };
        }
        var path = Path.Combine(Path.GetTempPath(), "splitstream-" + Guid.NewGuid().ToString("N"), "dev-signing-key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return new AuthOptions { SigningKeyFile = path };
    }

    private static string Tamper(string token)
    {
        // Swap the payload for one claiming another user, keeping the original signature.
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("\"u1\"", "\"u2\"");
        return parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
    }
}
