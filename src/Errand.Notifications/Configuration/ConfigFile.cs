using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Loads Errand's config file: YAML, every problem reported by line and field before anything is used.</summary>
public static class ConfigFile
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "config.yaml";

    /// <summary>The environment variable that points at another file.</summary>
    public const string EnvironmentVariable = "ERRAND_CONFIG";

    private static readonly string[] TopLevel = ["notify", "workers", "telemetry"];

    /// <summary>Where the config file is: <c>$ERRAND_CONFIG</c>, else <c>config.yaml</c> in the data directory.</summary>
    public static string Resolve(string dataDirectory, Func<string, string?> environment) =>
        environment(EnvironmentVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(dataDirectory, FileName);

    /// <summary>Reads and checks the file; a missing file is an empty config.</summary>
    /// <exception cref="ConfigException">The file cannot be read or has problems; every one is listed.</exception>
    public static ErrandConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ErrandConfig.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, $"cannot be read: {ex.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Checks <paramref name="yaml"/>; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="ConfigException">Every problem, by line and field.</exception>
    public static ErrandConfig Parse(string yaml, string file)
    {
        var reader = new ConfigReader(file);
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var at = ex.Start.Line > 0 ? ex.Start : parser.LastMark;
            throw Syntax(file, at, $"YAML syntax error: {(ex.InnerException?.Message ?? ex.Message).TrimEnd('.')}.");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails on some malformed input (an unclosed flow list followed by more keys) with a bare
            // InvalidOperationException and no mark; the last event it produced is the nearest place to point at.
            throw Syntax(file, parser.LastMark, "YAML syntax error near here (an unclosed '[' or '{', or a stray character?).");
        }

        if (stream.Documents.Count == 0 || ConfigReader.IsNull(stream.Documents[0].RootNode))
        {
            return ErrandConfig.Empty;
        }

        var config = ErrandConfig.Empty;
        if (reader.Mapping(stream.Documents[0].RootNode, "", TopLevel) is { } root)
        {
            foreach (var (key, _, value) in root)
            {
                if (key == "notify" && NotifyBinder.Bind(value, reader) is { } notify)
                {
                    config = config with { Notify = notify };
                }
                else if (key == "workers" && WorkersBinder.Bind(value, reader, file) is { } workers)
                {
                    config = config with { Workers = workers };
                }
                else if (key == "telemetry" && TelemetryBinder.Bind(value, reader) is { } telemetry)
                {
                    config = config with { Telemetry = telemetry };
                }
            }
        }

        if (reader.Errors.Count > 0)
        {
            throw new ConfigException([.. reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        return config;
    }

    private static ConfigException Syntax(string file, Mark at, string message) =>
        new([new ConfigError(file, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), null,
            message + " Check the indentation (spaces, not tabs), quoting and brackets here.")]);
}
