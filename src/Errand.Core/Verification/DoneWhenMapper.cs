using Errand.Results;

namespace Errand.Verification;

/// <summary>
/// Maps each "Done when" line to the check that proves it. A line is proven only by a check it names (the
/// check's name, or its command in backticks); anything else is reported as not checked rather than guessed.
/// </summary>
public static class DoneWhenMapper
{
    /// <summary>Status of a criterion whose check passed.</summary>
    public const string Verified = "verified";

    /// <summary>Status of a criterion whose check failed.</summary>
    public const string Failed = "failed";

    /// <summary>Status of a criterion no check covers.</summary>
    public const string NotChecked = "not_checked";

    /// <summary>Maps the criteria to the checks' results.</summary>
    public static IReadOnlyList<DoneWhenEvidence> Map(IReadOnlyList<string> criteria, IReadOnlyList<CheckResult> checks) =>
        [.. criteria.Select(criterion => Evidence(criterion, checks))];

    private static DoneWhenEvidence Evidence(string criterion, IReadOnlyList<CheckResult> checks)
    {
        var check = checks.FirstOrDefault(c => Mentions(criterion, c));
        return check is null
            ? new DoneWhenEvidence(criterion, null, NotChecked)
            : new DoneWhenEvidence(criterion, check.Name, check.Passed ? Verified : Failed);
    }

    private static bool Mentions(string criterion, CheckResult check) =>
        (check.Name.Length > 0 && criterion.Contains(check.Name, StringComparison.OrdinalIgnoreCase))
        || criterion.Contains('`' + check.Command + '`', StringComparison.Ordinal);
}
