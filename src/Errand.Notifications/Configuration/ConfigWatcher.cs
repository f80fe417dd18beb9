using Microsoft.Extensions.Logging;

namespace Errand.Notifications.Configuration;

/// <summary>
/// The config file as a long-running process sees it: read again when it changes, so a channel fixed in the file
/// (then <c>errand notify retry</c>) works without a restart. A change that does not parse is logged and the last
/// good config kept.
/// </summary>
public sealed class ConfigWatcher
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ErrandConfig _current;
    private DateTime _stamp;

    /// <summary>Starts from a config already loaded (and checked) from <paramref name="path"/>.</summary>
    public ConfigWatcher(string path, ErrandConfig initial, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _current = initial;
        _stamp = Stamp(path);
    }

    /// <summary>The newest good config.</summary>
    public ErrandConfig Current
    {
        get
        {
            var stamp = Stamp(_path);
            lock (_lock)
            {
                if (stamp == _stamp)
                {
                    return _current;
                }

                _stamp = stamp;
                try
                {
                    _current = ConfigFile.Load(_path);
                }
                catch (ConfigException ex)
                {
                    _logger.LogWarning("{Path} changed but cannot be used; keeping the previous config:\n{Errors}", _path, ex.Message);
                }

                return _current;
            }
        }
    }

    private static DateTime Stamp(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
}
