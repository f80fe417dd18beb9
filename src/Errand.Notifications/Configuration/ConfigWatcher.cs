using Microsoft.Extensions.Logging;

namespace Errand.Notifications.Configuration;

/// <summary>
/// The config file as a long-running process sees it: read again when it changes, so a channel fixed in the file
/// (then <c>errand notify retry</c>) works without a restart. A change that does not parse is logged and the last
/// good config kept, so queued notifications go on being delivered through the channels that worked.
/// </summary>
public sealed class ConfigWatcher
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ErrandConfig _current;
    private ConfigException? _problem;
    private FileStamp _stamp;

    /// <summary>Starts from a config already loaded (and checked) from <paramref name="path"/>.</summary>
    public ConfigWatcher(string path, ErrandConfig initial, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _current = initial;
        _stamp = FileStamp.Of(path);
    }

    /// <summary>The file watched.</summary>
    public string Path => _path;

    /// <summary>The newest good config.</summary>
    public ErrandConfig Current => Read().Config;

    /// <summary>
    /// The newest good config, and what is wrong with the file as it is now (null when it is the config returned): a
    /// command that checks the configuration (<c>notify test</c>) reports the problem rather than test the old file.
    /// </summary>
    public (ErrandConfig Config, ConfigException? Problem) Read()
    {
        var stamp = FileStamp.Of(_path);
        lock (_lock)
        {
            if (stamp == _stamp)
            {
                return (_current, _problem);
            }

            _stamp = stamp;
            try
            {
                _current = ConfigFile.Load(_path);
                _problem = null;
            }
            catch (ConfigException ex)
            {
                _problem = ex;
                _logger.LogWarning("{Path} changed but cannot be used; keeping the previous config:\n{Errors}", _path, ex.Message);
            }

            return (_current, _problem);
        }
    }

    // Time and length: an edit within the file system's timestamp granularity that changes the size is still seen.
    private readonly record struct FileStamp(DateTime Written, long Length)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new(file.LastWriteTimeUtc, file.Length) : new(DateTime.MinValue, -1);
        }
    }
}
