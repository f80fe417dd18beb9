using Errand.Notifications.Channels;

namespace Errand.Notifications.Tests.Support;

/// <summary>Secrets held in memory, for channel tests (the real store is exercised through the CLI tests).</summary>
internal sealed class MemorySecrets(Dictionary<string, string> values) : INotificationSecrets
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _values = new(values);

    public void Set(string name, string value) => _values[name] = value;

    public Task<string> GetAsync(string name, CancellationToken cancellationToken) =>
        _values.TryGetValue(name, out var value) ? Task.FromResult(value) : Task.FromException<string>(ChannelSetupException.SecretNotSet(name));
}
