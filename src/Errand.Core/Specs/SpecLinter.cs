using Errand.Verification;

namespace Errand.Specs;

/// <summary>Checks a parsed spec against the repository it will run on: things the parser alone cannot know.</summary>
public static class SpecLinter
{
    /// <summary>
    /// Warnings for the spec in <paramref name="result"/> against <paramref name="repositoryFiles"/>: each
    /// <c>protect</c> glob that matches no file (a typo there protects nothing, silently). Matching is done on the
    /// list, with the same rules the verifier uses; no file system access. Returns nothing when the spec has errors.
    /// </summary>
    /// <param name="result">A parse result from <see cref="SpecParser"/>.</param>
    /// <param name="repositoryFiles">The repository's files, relative to its root, with forward slashes.</param>
    public static IReadOnlyList<SpecDiagnostic> Lint(SpecParseResult result, IReadOnlyCollection<string> repositoryFiles)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(repositoryFiles);
        if (result.Spec is not { } spec)
        {
            return [];
        }

        var files = repositoryFiles as IReadOnlyList<string> ?? [.. repositoryFiles];
        var warnings = new List<SpecDiagnostic>();
        for (var i = 0; i < spec.Protect.Count; i++)
        {
            var glob = spec.Protect[i];
            if (ProtectMatcher.FindViolations([glob], files).Count > 0)
            {
                continue;
            }

            var field = $"protect[{i}]";
            var at = result.Positions.TryGetValue(field, out var p) ? p : new SourcePosition(1, 1);
            warnings.Add(new SpecDiagnostic(DiagnosticSeverity.Warning, SpecCodes.ProtectMatchesNothing,
                $"protect '{glob}' matches no file in the repository, so it protects nothing; check the spelling and "
                + "that the path is relative to the repository root",
                result.File, at.Line, at.Column, field));
        }

        return warnings;
    }
}
