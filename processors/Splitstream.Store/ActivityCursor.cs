using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Splitstream.Store;

/// <summary>
/// Keyset position in a user's activity list, newest first: (started_at_ms, activity_id). Opaque to clients as a
/// base64url token, so the order key can change without breaking the contract.
/// </summary>
public readonly record struct ActivityCursor(long StartedAtMs, string ActivityId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{StartedAtMs.ToString(CultureInfo.InvariantCulture)}:{ActivityId}"));

    public static bool TryDecode(string token, out ActivityCursor cursor)
    {
        cursor = default;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var colon = text.IndexOf(':');
            if (colon <= 0 || colon == text.Length - 1
                || !long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var started))
            {
                return false;
            }
            cursor = new ActivityCursor(started, text[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
