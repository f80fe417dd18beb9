namespace Errand.Notifications.Channels;

/// <summary>Secret values by name (Errand's secret store), read by channels at delivery time and never kept.</summary>
public interface INotificationSecrets
{
    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="ChannelSetupException">No secret has that name (<see cref="ChannelSetupException.SecretNotSet"/>).</exception>
    Task<string> GetAsync(string name, CancellationToken cancellationToken);
}
