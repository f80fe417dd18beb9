using Errand.Engine.Secrets;
using Errand.Notifications.Channels;

namespace Errand.Cli.Hosting;

/// <summary>Channel secrets from Errand's secret store, read at each delivery so `errand secret set` applies without a restart.</summary>
internal sealed class StoreSecrets(SecretStore store) : INotificationSecrets
{
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetAsync([name], cancellationToken))[name];
        }
        catch (MissingSecretsException)
        {
            throw ChannelSetupException.SecretNotSet(name);
        }
        catch (SecretStoreException ex)
        {
            // The store's own messages name files and keys, never values.
            throw new ChannelSetupException($"secret {name} cannot be read: {ex.Message}");
        }
    }
}
