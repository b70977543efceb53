using Microsoft.Extensions.Options;

namespace Splitstream.ServiceDefaults;

/// <summary>Refuses to start in embedded mode with a signing key shorter than 256 bits, in one line that says so.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.IsEmbedded)
        {
            return string.IsNullOrWhiteSpace(options.Audience)
                ? ValidateOptionsResult.Fail("Auth:Audience is required with Auth:Authority")
                : ValidateOptionsResult.Success;
        }
        try
        {
            TokenService.LoadKey(options);
            return ValidateOptionsResult.Success;
        }
        catch (SigningKeyException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
