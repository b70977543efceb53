using System.Security.Cryptography;
using System.Text;

namespace Splitstream.Notifications.Tests;

/// <summary>
/// A receiver's check of a Standard Webhooks delivery, written from the specification and independently of the
/// production signer: the key is the base64 after <c>whsec_</c>; the signed content is <c>id.timestamp.body</c>; the
/// header holds space-separated <c>v1,&lt;base64&gt;</c> entries, one match is enough, compared in constant time.
/// </summary>
internal static class StandardWebhookVerifier
{
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(secret.Replace("whsec_", "", StringComparison.Ordinal));
        using var hmac = new HMACSHA256(key);
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }
            byte[] given;
            try
            {
                given = Convert.FromBase64String(entry[(comma + 1)..]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }
        return false;
    }
}
