namespace Errand.Notifications.Configuration;

/// <summary>How the SMTP connection is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or network only).</summary>
    None,

    /// <summary>Upgraded to TLS with STARTTLS; refused when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Ssl,
}
