using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// HS256 JSON Web Tokens: <c>sub</c> = user id, <c>role</c> claim, <c>iat</c>/<c>exp</c>. Small and dependency-free
/// because the IdentityModel packages are not in this build's package mirror.
/// </summary>
public sealed class TokenService(byte[] key, TimeProvider? clock = null)
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public string Issue(string subject, string role, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["role"] = role,
            ["iat"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        });
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    public TokenValidationResult Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return TokenValidationResult.Invalid("malformed token");
        }
        byte[] signature, header, payload;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            header = Base64Url.DecodeFromChars(parts[0]);
            payload = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return TokenValidationResult.Invalid("malformed token");
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return TokenValidationResult.Invalid("invalid signature");
        }
        try
        {
            using var headerJson = JsonDocument.Parse(header);
            if (!headerJson.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
            {
                return TokenValidationResult.Invalid("unsupported algorithm");
            }
            using var claims = JsonDocument.Parse(payload);
            var root = claims.RootElement;
            if (!root.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number
                || exp.GetInt64() <= time.GetUtcNow().ToUnixTimeSeconds())
            {
                return TokenValidationResult.Invalid("token expired");
            }
            var sub = root.TryGetProperty("sub", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var role = root.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (string.IsNullOrEmpty(sub) || role is null || !Roles.All.Contains(role))
            {
                return TokenValidationResult.Invalid("token lacks sub or a known role");
            }
            return TokenValidationResult.Valid(sub, role);
        }
        catch (JsonException)
        {
            return TokenValidationResult.Invalid("malformed token");
        }
    }

    /// <summary>The configured key, else the development key file (created with a random key on first use).</summary>
    public static byte[] LoadKey(AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return Encoding.UTF8.GetBytes(options.SigningKey);
        }
        var path = Path.GetFullPath(options.SigningKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.UTF8.GetBytes(fresh));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
}
