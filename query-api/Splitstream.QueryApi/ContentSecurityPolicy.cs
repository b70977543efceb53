using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Splitstream.QueryApi;

/// <summary>
/// The Content-Security-Policy of a page Splitstream serves (the live race page): its own inline scripts and styles by
/// SHA-256 hash (computed from the page itself, so an edit of the page never needs an edit here), requests to its own
/// origin only, no framing, no forms, no base URL. With the token in the page's URL, no referrer either.
/// </summary>
public static partial class ContentSecurityPolicy
{
    public static string For(string html)
    {
        var scripts = Hashes(ScriptPattern(), html);
        var styles = Hashes(StylePattern(), html);
        return $"default-src 'none'; script-src 'self' {scripts}; style-src 'self' {styles}; connect-src 'self'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /// <summary>An endpoint filter that sends the policy (and no-referrer, nosniff) with every answer of the route.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(Func<string> html)
    {
        var policy = new Lazy<string>(() => For(html()));
        return async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = policy.Value;
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            return await next(context);
        };
    }

    private static string Hashes(Regex pattern, string html) =>
        string.Join(' ', pattern.Matches(html).Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'").Distinct());

    [GeneratedRegex(@"<script(?:\s[^>]*)?>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptPattern();

    [GeneratedRegex(@"<style(?:\s[^>]*)?>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StylePattern();
}
