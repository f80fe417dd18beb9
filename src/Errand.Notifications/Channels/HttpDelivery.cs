using Errand.Notifications.Configuration;

namespace Errand.Notifications.Channels;

/// <summary>Sending one HTTP request for a channel: 2xx is delivered; anything else is a failed attempt with the reason.</summary>
internal static class HttpDelivery
{
    private const int BodyShown = 200;

    /// <summary>The URL written in the config, or read from its secret (never shown in an error).</summary>
    public static async Task<Uri> ResolveAsync(ConfiguredUrl url, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        if (url.Value is not null)
        {
            return url.Value;
        }

        var text = await secrets.GetAsync(url.Secret!, cancellationToken);
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? parsed
            : throw new ChannelSetupException($"secret {url.Secret} does not hold an http or https URL"); // never the value
    }

    public static async Task<DeliveryResult> SendAsync(HttpClient http, HttpRequestMessage request, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Success;
        }

        var body = await ReadStartAsync(response, cancellationToken);
        var reason = $"HTTP {(int)response.StatusCode} {ReasonPhrase(response)}".TrimEnd();
        return DeliveryResult.Failed(secrets.Redact(body.Length == 0 ? reason : $"{reason}: {body}"));
    }

    private static string ReasonPhrase(HttpResponseMessage response) =>
        response.ReasonPhrase is { Length: > 0 } phrase ? phrase
        : Enum.IsDefined(response.StatusCode) ? response.StatusCode.ToString()
        : "";

    // Receivers often say why in the body; a few hundred characters of it is what a person needs, not a page of HTML.
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var line = text.ReplaceLineEndings(" ").Trim();
            return line.Length <= BodyShown ? line : line[..BodyShown] + "…";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return "";
        }
    }
}
