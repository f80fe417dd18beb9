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

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Where tasks are kept: sqlite (default: errand.db in the data directory) or a PostgreSQL database shared by " +
            "workers on many hosts, as postgres://user@host:port/database or an Npgsql connection string (default: $ERRAND_STORE; " +
            "keep passwords in PGPASSWORD or ~/.pgpass rather than on the command line)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log everything the engine does to standard error",
        Recursive = true,
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Talk to an `errand serve` at this URL instead of the local store (default: $ERRAND_SERVER), e.g. http://127.0.0.1:7420",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token for --server (default: $ERRAND_TOKEN; `errand token create` makes one)",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts instead of text" };
}
