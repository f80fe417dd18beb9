using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Errand.Notifications.Channels.Email;

/// <summary>Email over SMTP with MailKit: one connection per attempt, authenticated when a user is configured.</summary>
internal sealed class EmailChannel(EmailChannelConfig config, INotificationSecrets secrets) : NotificationChannel(config.Name, secrets)
{
    public override string Type => ChannelTypes.Email;

    protected override async Task<DeliveryResult> DeliverAsync(Notification notification, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var message = EmailMessage.Render(notification, config);
        using var client = new SmtpClient();
        var security = config.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(config.Host, config.Port, security, cancellationToken);
        if (config.User is { } user)
        {
            await client.AuthenticateAsync(user, await secrets.GetAsync(config.PasswordSecret!, cancellationToken), cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return DeliveryResult.Success;
    }
}
