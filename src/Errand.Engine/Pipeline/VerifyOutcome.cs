using Errand.Results;

namespace Errand.Engine.Pipeline;

/// <summary>One verify round's outcome.</summary>
/// <param name="Checks">Every check's result.</param>
/// <param name="ProtectViolations">Changed protected paths.</param>
internal sealed record VerifyOutcome(IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> ProtectViolations)
{
    public bool Passed => ProtectViolations.Count == 0 && Checks.All(c => c.Passed);

    /// <summary>What failed, in words an agent (or a person) can act on.</summary>
    public string Feedback()
    {
        var lines = new List<string>();
        if (ProtectViolations.Count > 0)
        {
            lines.Add("These paths are protected and must not change: " + string.Join(", ", ProtectViolations));
        }

        foreach (var check in Checks.Where(c => !c.Passed))
        {
            lines.Add($"Check '{check.Name}' ({check.Command}) {(check.TimedOut ? "timed out" : $"exited {check.ExitCode}")}:");
            lines.Add(check.OutputTail);
        }

        return string.Join('\n', lines);
    }

    /// <summary>A one-line reason for a failed task.</summary>
    public string Reason()
    {
        if (ProtectViolations.Count > 0)
        {
            return $"protected paths changed: {string.Join(", ", ProtectViolations.Take(5))}";
        }

        var failed = Checks.Where(c => !c.Passed).ToList();
        var first = failed[0];
        return $"verify failed: '{first.Name}' {(first.TimedOut ? "timed out" : $"exited {first.ExitCode}")}"
            + (failed.Count > 1 ? $" (and {failed.Count - 1} more)" : "");
    }
}
