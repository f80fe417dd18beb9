using Errand.Secrets;

namespace Errand.Notifications.Channels;

/// <summary>
/// The secrets one attempt has read. Every error the attempt reports is passed through <see cref="Redact"/>, so a
/// value that a library or a receiver echoes back (a URL in an exception, a token in a response body) never
/// reaches the outbox, a log or the CLI.
/// </summary>
internal sealed class ChannelSecrets(INotificationSecrets source)
{
    private readonly Dictionary<string, string> _read = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (!_read.TryGetValue(name, out var value))
        {
            value = await source.GetAsync(name, cancellationToken);
            _read[name] = value;
        }

        return value;
    }

    public string Redact(string text) => _read.Count == 0 ? text : new SecretRedactor(_read).Redact(text);
}
