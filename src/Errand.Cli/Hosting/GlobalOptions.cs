using System.CommandLine;

namespace Errand.Cli.Hosting;

/// <summary>Options every command understands.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Where Errand keeps its database, mirrors and workspaces (default: $ERRAND_HOME, else $XDG_DATA_HOME/errand)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log everything the engine does to standard error",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts instead of text" };
}
