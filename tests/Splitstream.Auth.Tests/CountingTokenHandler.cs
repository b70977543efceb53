using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splitstream.Auth.Tests;

/// <summary>JwtBearer's own token handler, counting how often it is asked to validate.</summary>
public sealed class CountingTokenHandler : TokenHandler
{
    private readonly JsonWebTokenHandler inner = new() { MapInboundClaims = false };
    private int validations;

    public int Validations => validations;

    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        Interlocked.Increment(ref validations);
        return inner.ValidateTokenAsync(token, validationParameters);
    }
}
