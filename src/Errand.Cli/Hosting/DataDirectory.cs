namespace Errand.Cli.Hosting;

/// <summary>Where Errand keeps its database, mirrors and workspaces: --data-dir, then ERRAND_HOME, then the XDG data directory.</summary>
internal static class DataDirectory
{
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        if (Environment.GetEnvironmentVariable("ERRAND_HOME") is { Length: > 0 } home)
        {
            return Path.GetFullPath(home);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(xdg))
        {
            xdg = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(xdg, "errand");
    }
}
