using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// The embedded issuer (DESIGN §7): HS256 JSON Web Tokens with <c>iss</c>, <c>aud</c>, <c>sub</c> = user id, the
/// <c>role</c> claim, <c>iat</c>/<c>nbf</c>/<c>exp</c> and a <c>jti</c>, created and validated by Microsoft.IdentityModel
/// (the services validate through JwtBearer with <see cref="ValidationParameters"/>). A key shorter than 256 bits is refused.
/// </summary>
public sealed class TokenService
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string DeviceIdClaim = "device_id";
    public const int MinimumKeyBytes = 32;

    private readonly TimeProvider time;
    private readonly SigningCredentials credentials;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TokenService(byte[] key, TimeProvider? clock = null, string issuer = AuthOptions.EmbeddedIssuer, string audience = AuthOptions.DefaultAudience)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException(ShortKeyMessage(key.Length), nameof(key));
        }
        time = clock ?? TimeProvider.System;
        Issuer = issuer;
        Audience = audience;
        SigningKey = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16].ToLowerInvariant() };
        credentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256);
    }

    public string Issuer { get; }

    public string Audience { get; }

    public SymmetricSecurityKey SigningKey { get; }

    public TimeProvider Time => time;

    /// <summary>A token for <paramref name="subject"/> with <paramref name="role"/>; a negative lifetime gives an already expired one (tests).</summary>
    public string Issue(string subject, string role, TimeSpan lifetime) => Issue(subject, role, lifetime, null);

    /// <summary>As <see cref="Issue(string, string, TimeSpan)"/>, with extra claims (a device credential's <c>device_id</c>).</summary>
    public string Issue(string subject, string role, TimeSpan lifetime, IReadOnlyDictionary<string, object>? claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var notBefore = expires <= now ? expires.AddSeconds(-1) : now;
        var all = new Dictionary<string, object>
        {
            [SubjectClaim] = subject,
            [RoleClaim] = role,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            all[name] = value;
        }
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = all,
            SigningCredentials = credentials,
        });
    }

    /// <summary>What JwtBearer checks in embedded mode: this key, HS256 only, issuer, audience, lifetime by this clock.</summary>
    public TokenValidationParameters ValidationParameters(TimeSpan? clockSkew = null, string roleClaim = RoleClaim)
    {
        var parameters = StandardChecks(time, clockSkew ?? TimeSpan.FromSeconds(5), roleClaim);
        parameters.ValidIssuer = Issuer;
        parameters.ValidAudience = Audience;
        parameters.IssuerSigningKey = SigningKey;
        parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        return parameters;
    }

    /// <summary>
    /// The checks every issuer's tokens get, embedded or OIDC: issuer, audience, signing key, a required lifetime judged
    /// by <paramref name="time"/>, signed tokens only; the caller names the issuer, audience and keys.
    /// </summary>
    public static TokenValidationParameters StandardChecks(TimeProvider time, TimeSpan clockSkew, string roleClaim) => new()
    {
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = clockSkew,
        LifetimeValidator = LifetimeValidator(time),
        NameClaimType = SubjectClaim,
        RoleClaimType = roleClaim,
    };

    /// <summary><c>exp</c> and <c>nbf</c> against <paramref name="clock"/> rather than the machine's (tests run on fixed clocks).</summary>
    public static LifetimeValidator LifetimeValidator(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("token has no exp");
        }
        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("token not yet valid (nbf)") { NotBefore = nbf };
        }
        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("token expired (exp)") { Expires = expires.Value };
        }
        return true;
    };

    /// <summary>Validates outside a request (tools, tests) exactly as the services do.</summary>
    public TokenValidationResult Validate(string token)
    {
        var result = handler.ValidateTokenAsync(token, ValidationParameters()).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            return TokenValidationResult.Invalid(Describe(result.Exception));
        }
        var identity = result.ClaimsIdentity;
        var sub = identity.FindFirst(SubjectClaim)?.Value;
        var role = identity.FindFirst(RoleClaim)?.Value;
        if (string.IsNullOrEmpty(sub) || role is null || !Roles.All.Contains(role))
        {
            return TokenValidationResult.Invalid("token lacks sub or a known role");
        }
        return TokenValidationResult.Valid(sub, role);
    }

    /// <summary>A short reason for a 401, without echoing the token.</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAlgorithmException => "unsupported algorithm",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenRevokedException => "token revoked",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        SecurityTokenNoExpirationException => "token has no exp",
        null => "invalid token",
        _ => "invalid token",
    };

    /// <summary>The configured key, else the development key file (created 0600 with 256 random bits on first use); shorter than 256 bits throws.</summary>
    public static byte[] LoadKey(AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return Checked(Encoding.UTF8.GetBytes(options.SigningKey), "Auth:SigningKey");
        }
        var path = Path.GetFullPath(options.SigningKeyFile);
        if (!File.Exists(path))
        {
            Schemas.PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(MinimumKeyBytes)).ToLowerInvariant();
            try
            {
                using var stream = new FileStream(path, Schemas.PrivateFiles.StreamOptions(FileMode.CreateNew));
                stream.Write(Encoding.UTF8.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        // A key file that existed is the user's: read it, never chmod it (it may be shared, or /dev/null: as root a
        // chmod there broke every process on the machine). The one generated above is created 0600.
        return Checked(Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim()), path);
    }

    public static string ShortKeyMessage(int bytes, string source = "the signing key") =>
        $"{source} has {bytes * 8} bits; at least {MinimumKeyBytes * 8} are required (leave Auth:SigningKey empty to generate one in .data/dev-signing-key)";

    private static byte[] Checked(byte[] key, string source) =>
        key.Length >= MinimumKeyBytes ? key : throw new SigningKeyException(ShortKeyMessage(key.Length, source));
}
