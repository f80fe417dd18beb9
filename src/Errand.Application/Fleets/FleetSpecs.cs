using Errand.Application.Specs;
using Errand.Engine.Fleets;
using Errand.Fleets;
using Errand.Specs;

namespace Errand.Application.Fleets;

/// <summary>A fleet file (a <c>fleet:</c> section, or <c>attempts: N</c>) to what the store creates: the one reading the CLI and the API share.</summary>
public static class FleetSpecs
{
    /// <summary>The fleet <paramref name="result"/> describes, with every finding; a null fleet when it cannot run.</summary>
    /// <param name="result">The parsed spec (see <see cref="SpecSources"/>).</param>
    /// <param name="baseDirectory">The spec file's folder (where a <c>template:</c> is read from), or null when it came from no file.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public static async Task<(NewFleet? Fleet, IReadOnlyList<SpecDiagnostic> Findings)> ReadAsync(
        SpecParseResult result, string? baseDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var findings = result.Diagnostics.Concat(await RepoLint.CheckAsync(result, cancellationToken)).ToList();
        if (result.Spec is not { } spec)
        {
            return (null, findings);
        }

        if (!FleetDefinition.IsGroup(spec))
        {
            return (null, [.. findings, Finding(result, "fleet", "this is a single task (no 'fleet:' section and no 'attempts: N'): run it with `errand run`")]);
        }

        if (spec.Fleet is not { } fleet)
        {
            return (FleetDefinition.ForAttempts(spec), findings);
        }

        if (fleet.Template is { } template)
        {
            if (baseDirectory is null)
            {
                return (null, [.. findings, Finding(result, "fleet.template", "a fleet sent to a server has no folder to read its template from: put the task in this spec")]);
            }

            // The template file is the task; this file gives the fleet its title, slices and channels.
            var path = Path.Combine(baseDirectory, template);
            var loaded = File.Exists(path)
                ? SpecSources.Parse(await File.ReadAllBytesAsync(path, cancellationToken), path, Path.GetDirectoryName(Path.GetFullPath(path)))
                : new SpecParseResult(null, [new SpecDiagnostic(DiagnosticSeverity.Error, "E001", "file not found", path, 1, 1, null)]);
            findings.AddRange(loaded.Diagnostics);
            if (loaded.Spec is not { } task)
            {
                return (null, findings);
            }

            spec = task with
            {
                Fleet = fleet with { Title = fleet.Title ?? spec.Title },
                Notify = spec.Notify.Count > 0 ? spec.Notify : task.Notify,
            };
        }

        if (fleet.Planner is not null)
        {
            return (FleetDefinition.ForPlanner(spec), findings);
        }

        try
        {
            return (FleetDefinition.ForSlices(spec, FleetSlices.Resolve(fleet, spec.Repo)), findings);
        }
        catch (ArgumentException ex)
        {
            return (null, [.. findings, Finding(result, fleet.Glob is null ? "fleet.slices" : "fleet.glob", ex.Message)]);
        }
    }

    private static SpecDiagnostic Finding(SpecParseResult result, string field, string message)
    {
        var at = result.Positions.TryGetValue(field, out var p) ? p : new SourcePosition(1, 1);
        return new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.NoSlices, message, result.File, at.Line, at.Column, field);
    }
}
