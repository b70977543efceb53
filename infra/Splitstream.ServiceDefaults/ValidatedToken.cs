using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using IdentityModelResult = Microsoft.IdentityModel.Tokens.TokenValidationResult;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// A token <see cref="CachingTokenHandler"/> validated: the parsed token, a pristine copy of its identity, and the
/// span of time (by the lifetime check's clock) in which the validation still holds.
/// </summary>
public sealed record ValidatedToken(
    SecurityToken Token, ClaimsIdentity Identity, string? Issuer, string? TokenType, DateTime ValidatedAt, DateTime Until)
{
    /// <summary>A clock set back before the validation revalidates rather than trusting the entry.</summary>
    public bool IsValidAt(DateTime now) => now >= ValidatedAt && now < Until;

    /// <summary>A result as the inner handler gave it, with an identity of its own.</summary>
    public IdentityModelResult NewResult() => new()
    {
        IsValid = true,
        SecurityToken = Token,
        ClaimsIdentity = Identity.Clone(),
        Issuer = Issuer,
        TokenType = TokenType,
    };
}
