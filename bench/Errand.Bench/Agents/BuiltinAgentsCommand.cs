using System.Globalization;

namespace Errand.Bench.Agents;

/// <summary>
/// The flags of the builtin-agents scenario: <c>--builtin-agents N [--rounds R] [--delay-ms D] [--turns T]
/// [--file-bytes B]</c> runs it alone
/// (the other scenarios are skipped); the child roles it starts are flags of the same executable.
/// </summary>
internal static class BuiltinAgentsCommand
{
    /// <summary>Runs the role the arguments ask for and returns true, or returns false when they ask for none.</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        var delay = TimeSpan.FromMilliseconds(Int(args, "--delay-ms", 1000));
        var turns = Int(args, "--turns", 5);
        var fileBytes = Int(args, "--file-bytes", 0);
        if (turns < 1 || fileBytes < 0)
        {
            throw new ArgumentException("--turns must be at least 1 and --file-bytes not negative");
        }

        if (args.Contains(FakeModelHost.Flag))
        {
            await FakeModelHost.RunAsync(delay, turns, fileBytes);
            return true;
        }

        if (args.Contains(BuiltinOrchestrator.Flag))
        {
            await BuiltinOrchestrator.RunAsync(new Uri(Value(args, "--url") ?? throw new ArgumentException("--url is required")),
                Int(args, "--tasks", 1000), delay, CancellationToken.None);
            return true;
        }

        if (args.Contains(BuiltinAgentsScenario.Flag))
        {
            await BuiltinAgentsScenario.RunAsync(
                Int(args, BuiltinAgentsScenario.Flag, 1000), Int(args, "--rounds", 3), delay, turns, fileBytes, CancellationToken.None);
            return true;
        }

        return false;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
