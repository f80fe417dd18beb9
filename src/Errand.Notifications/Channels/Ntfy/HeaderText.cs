using System.Text;

namespace Errand.Notifications.Channels.Ntfy;

/// <summary>
/// Text for an HTTP header. Headers carry ASCII only, and titles often are not (names, emoji): ntfy reads RFC 2047
/// encoded words, so anything beyond printable ASCII is sent as <c>=?UTF-8?B?...?=</c>.
/// </summary>
internal static class HeaderText
{
    public static string Encode(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.All(c => c is >= ' ' and <= '~')
            ? flat
            : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(flat))}?=";
    }
}
