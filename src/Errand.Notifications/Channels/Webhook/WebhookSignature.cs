using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Errand.Notifications.Channels.Webhook;

/// <summary>
/// The webhook signature: <c>sha256=</c> and the hex HMAC-SHA256, under the shared key, of <c>"{timestamp}.{body}"</c>.
/// Signing the timestamp with the body lets a receiver refuse a replayed delivery (an old timestamp) as well as a
/// forged or altered one.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string key, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a signature in constant time, as a receiver would.</summary>
    public static bool Verify(string key, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(key, timestamp, body)),
            Encoding.ASCII.GetBytes(signature));
}
