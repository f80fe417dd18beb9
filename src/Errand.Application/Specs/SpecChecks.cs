using Errand.Fleets;
using Errand.Specs;

namespace Errand.Application.Specs;

/// <summary>What stands between a parsed spec and the queue: the repository lint and a model override.</summary>
public static class SpecChecks
{
    /// <summary>
    /// Runs the checks that need the repository and applies <paramref name="model"/> (run on another model than the
    /// spec's); an invalid model is an error finding on the field <c>model</c>.
    /// </summary>
    /// <param name="parsed">The parse result (see <see cref="SpecSources"/>).</param>
    /// <param name="file">The spec's name in findings.</param>
    /// <param name="model">A <c>provider/model</c> to use instead of the spec's, or null.</param>
    /// <param name="cancellationToken">Stops the git call.</param>
    public static async Task<CheckedSpec> CheckAsync(SpecParseResult parsed, string file, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var findings = parsed.Diagnostics.Concat(await RepoLint.CheckAsync(parsed, cancellationToken)).ToList();
        if (parsed.Spec is { } group && FleetDefinition.IsGroup(group))
        {
            // A fleet or best-of-N spec is many tasks, not one: submitted as a task it would run once, as its template.
            var field = group.Fleet is null ? "attempts" : "fleet";
            var at = parsed.Positions.TryGetValue(field, out var p) ? p : new SourcePosition(1, 1);
            findings.Add(new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.FleetConflict,
                $"this spec runs as {(group.Fleet is null ? "a best-of-N group" : "a fleet")}: use `errand fleet run {file}`", file, at.Line, at.Column, field));
            return new CheckedSpec(null, findings);
        }

        if (model is null || parsed.Spec is null)
        {
            return new CheckedSpec(parsed.Spec, findings);
        }

        if (!ModelName.IsValid(model))
        {
            findings.Add(new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.BadModel, $"model '{model}' must be {ModelName.Expected}",
                file, 1, 1, "model"));
            return new CheckedSpec(null, findings);
        }

        return new CheckedSpec(parsed.Spec with { Model = model }, findings);
    }
}
