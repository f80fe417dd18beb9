using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels;

/// <summary>The part every channel shares: reading its secrets, and turning any failure into a redacted error.</summary>
internal abstract class NotificationChannel(string name, INotificationSecrets secrets) : INotificationChannel
{
    public string Name => name;

    public abstract string Type { get; }

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var read = new ChannelSecrets(secrets);
        try
        {
            return await DeliverAsync(notification, read, cancellationToken);
        }
        catch (ChannelSetupException ex)
        {
            return DeliveryResult.Broken(ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return DeliveryResult.Failed(read.Redact(Describe(ex)));
        }
    }

    /// <summary>One attempt: <see cref="DeliveryResult.Success"/>, a failed result, or an exception (reported redacted).</summary>
    protected abstract Task<DeliveryResult> DeliverAsync(Notification notification, ChannelSecrets secrets, CancellationToken cancellationToken);

    // The innermost message says what went wrong ("Connection refused"); the outer ones only that sending failed.
    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Exists(m => m.Contains(e.Message, StringComparison.Ordinal)))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
