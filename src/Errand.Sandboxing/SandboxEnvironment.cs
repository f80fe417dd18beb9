namespace Errand.Sandboxing;

/// <summary>The environment a sandboxed command starts with: a small allow-list, then what the task injects.</summary>
public static class SandboxEnvironment
{
    /// <summary>Host variables passed through when set.</summary>
    public static IReadOnlyList<string> AllowList { get; } = ["PATH", "LANG", "LC_ALL", "TZ", "TERM"];

    /// <summary>Builds the environment for a command.</summary>
    /// <param name="home">The HOME to set.</param>
    /// <param name="injected">Task-level variables (secrets among them).</param>
    /// <param name="perCommand">Command-level variables; they win.</param>
    public static IReadOnlyDictionary<string, string> Build(
        string home, IReadOnlyDictionary<string, string> injected, IReadOnlyDictionary<string, string> perCommand)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in AllowList)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                env[name] = value;
            }
        }

        env.TryAdd("PATH", "/usr/local/bin:/usr/bin:/bin");
        env["HOME"] = home;
        foreach (var (key, value) in injected)
        {
            env[key] = value;
        }

        foreach (var (key, value) in perCommand)
        {
            env[key] = value;
        }

        return env;
    }
}
