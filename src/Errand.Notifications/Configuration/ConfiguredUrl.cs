namespace Errand.Notifications.Configuration;

/// <summary>A URL written in the config file, or the name of a secret that holds it (when the URL carries a credential).</summary>
/// <param name="Value">The URL, when written in the file.</param>
/// <param name="Secret">The secret's name, when the URL is a secret.</param>
public sealed record ConfiguredUrl(Uri? Value, string? Secret);
