namespace Errand.Cli.Tests.Support;

/// <summary>Makes worker processes with different data directories ("hosts") share one store.</summary>
internal static class SharedStore
{
    /// <summary>
    /// Points <paramref name="otherHost"/>'s database at <paramref name="firstHost"/>'s: SQLite follows the link and
    /// names its WAL and lock files after the real file, so both hosts' processes share one database safely.
    /// </summary>
    public static void Link(string firstHost, string otherHost)
    {
        Directory.CreateDirectory(otherHost);
        File.CreateSymbolicLink(Path.Combine(otherHost, "errand.db"), Path.Combine(firstHost, "errand.db"));
    }
}
