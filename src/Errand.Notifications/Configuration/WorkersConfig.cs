namespace Errand.Notifications.Configuration;

/// <summary>The <c>workers:</c> section of Errand's config file: what every worker on this host shares.</summary>
public sealed record WorkersConfig
{
    /// <summary>
    /// The git remote workers on many hosts share for checkpoints and task branches (a URL, or an absolute path to a
    /// bare repository; a relative path in the file is taken from the file's folder). Null: none.
    /// </summary>
    public string? GitRemote { get; init; }
}
