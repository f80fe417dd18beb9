namespace Errand.Notifications.Configuration;

/// <summary>Email over SMTP.</summary>
public sealed record EmailChannelConfig(string Name, string Host, int Port, SmtpSecurity Security, string From, IReadOnlyList<string> To)
    : ChannelConfig(Name)
{
    /// <summary>The SMTP user; no authentication when null.</summary>
    public string? User { get; init; }

    /// <summary>The secret holding the SMTP password (required with <see cref="User"/>).</summary>
    public string? PasswordSecret { get; init; }

    /// <inheritdoc/>
    public override string Type => ChannelTypes.Email;
}
