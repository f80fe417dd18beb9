using Errand.Notifications;
using Errand.Notifications.Configuration;
using Errand.Notifications.Routing;
using Microsoft.Extensions.Logging;

namespace Errand.Cli.Hosting;

/// <summary>Loads Errand's config file for a command, printing every problem (file:line:column: field: message).</summary>
internal static class ConfigLoading
{
    /// <summary>The config file's path: <c>$ERRAND_CONFIG</c>, else <c>config.yaml</c> in the data directory.</summary>
    public static string PathOf(ErrandHost host) => ConfigFile.Resolve(host.DataDirectory, Environment.GetEnvironmentVariable);

    /// <summary>
    /// The config file's notification routes. A file with problems routes to the spec's channels alone (a warning
    /// says why): commands that only change a task (cancel, retry) still work; those that deliver refuse to start.
    /// </summary>
    public static INotificationRoutes RoutesOf(ErrandHost host)
    {
        var path = PathOf(host);
        try
        {
            return new NotificationRoutes(ConfigFile.Load(path).Notify);
        }
        catch (ConfigException ex)
        {
            host.Logging.CreateLogger("Errand.Config").LogWarning("{Path} cannot be used, so notifications go to the spec's channels only:\n{Errors}", path, ex.Message);
            return new NotificationRoutes(new NotifyConfig());
        }
    }

    /// <summary>
    /// The config, or null when it has problems (printed to standard error). The commands that load it run workers or
    /// deliver notifications for a while, so the host follows the file from here on (<see cref="ErrandHost.Watch"/>).
    /// </summary>
    public static async Task<ErrandConfig?> LoadOrReportAsync(ErrandHost host, string command)
    {
        var path = PathOf(host);
        try
        {
            var config = ConfigFile.Load(path);
            host.Watch(config);
            return config;
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"errand {command}: {Problems(path, ex)}");
            return null;
        }
    }

    /// <summary>The config file's problems, one per line after the first.</summary>
    public static string Problems(string path, ConfigException ex) =>
        $"{path} has {Count(ex.Errors.Count)}; fix it and try again:" + string.Concat(ex.Errors.Select(e => "\n  " + e));

    private static string Count(int n) => n == 1 ? "a problem" : $"{n} problems";
}
