namespace Errand.Cli.Hosting;

/// <summary>Console widths.</summary>
internal static class ConsoleWidth
{
    /// <summary>Wide enough that no diagnostic or log line is wrapped when output goes to a pipe or a file.</summary>
    public const int Unwrapped = 4096;
}
