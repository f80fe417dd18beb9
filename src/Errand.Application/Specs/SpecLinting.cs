using Errand.Dependencies;
using Errand.Specs;

namespace Errand.Application.Specs;

/// <summary><c>errand lint</c> and the API's lint: every finding about parsed specs, as one batch.</summary>
public static class SpecLinting
{
    /// <summary>
    /// The parser's findings, the repository lint, and the specs taken as one batch as a submission would take them:
    /// duplicate names and cycles among them. Refs to stored tasks are checked when submitting.
    /// </summary>
    /// <param name="parsed">The parsed specs (see <see cref="SpecSources"/>).</param>
    /// <param name="cancellationToken">Stops the git calls.</param>
    public static async Task<IReadOnlyList<SpecDiagnostic>> LintAsync(IReadOnlyList<SpecParseResult> parsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var all = new List<SpecDiagnostic>();
        var entries = new List<PlanEntry>();
        foreach (var result in parsed)
        {
            all.AddRange(result.Diagnostics);
            all.AddRange(await RepoLint.CheckAsync(result, cancellationToken));
            if (result.Spec is { } spec)
            {
                entries.Add(new PlanEntry(spec, result.File, result.Positions));
            }
        }

        all.AddRange(DependencyPlan.Resolve(entries, new Dictionary<string, long>(), new HashSet<long>(), checkStored: false).Diagnostics);
        return all;
    }
}
