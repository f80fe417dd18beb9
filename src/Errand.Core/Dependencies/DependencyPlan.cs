using Errand.Specs;

namespace Errand.Dependencies;

/// <summary>
/// Resolves the <c>after:</c> refs of specs submitted together, before anything is enqueued: a name resolves to the spec
/// of the batch that has it, else to the newest stored task of that name; an id to a stored task. Names must be unique
/// within a batch. A cycle is reported with every hop and the file and line of the <c>after:</c> entries that close it.
/// </summary>
public static class DependencyPlan
{
    /// <summary>The refs that are not names of specs in the batch: what the caller must look up in the store.</summary>
    public static (IReadOnlyList<string> Names, IReadOnlyList<long> Ids) External(IReadOnlyList<PlanEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var batch = entries.Select(e => e.Spec.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var refs = entries.SelectMany(e => e.Spec.After).Select(text => TaskRef.Parse(text, out _)).OfType<TaskRef>().ToList();
        return ([.. refs.Select(r => r.Name).OfType<string>().Where(n => !batch.Contains(n)).Distinct(StringComparer.Ordinal)],
            [.. refs.Select(r => r.Id).OfType<long>().Distinct()]);
    }

    /// <summary>
    /// Resolves every ref. <paramref name="storedNames"/> maps names to the newest stored task of each and
    /// <paramref name="storedIds"/> holds the ids that exist; with <paramref name="checkStored"/> false (lint, which has
    /// no store) a ref outside the batch is taken on trust.
    /// </summary>
    public static DependencyPlanResult Resolve(
        IReadOnlyList<PlanEntry> entries,
        IReadOnlyDictionary<string, long> storedNames,
        IReadOnlySet<long> storedIds,
        bool checkStored = true)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(storedNames);
        ArgumentNullException.ThrowIfNull(storedIds);
        var diagnostics = new List<SpecDiagnostic>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Spec.Name is not { } name)
            {
                continue;
            }

            if (byName.TryGetValue(name, out var first))
            {
                diagnostics.Add(Error(entries[i], "name", SpecCodes.DuplicateTaskName,
                    $"name '{name}' is also the name of {entries[first].File}; names must be unique among the specs submitted together"));
                continue;
            }

            byName[name] = i;
        }

        var after = new List<IReadOnlyList<Prerequisite>>(entries.Count);
        var edges = new List<IReadOnlyList<int>>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var resolved = new List<Prerequisite>();
            var inBatch = new List<int>();
            for (var j = 0; j < entries[i].Spec.After.Count; j++)
            {
                var text = entries[i].Spec.After[j];
                var path = $"after[{j}]";
                switch (TaskRef.Parse(text, out var problem))
                {
                    case null:
                        diagnostics.Add(Error(entries[i], path, SpecCodes.BadPrerequisite, $"after '{text}' {problem}"));
                        break;
                    case { Name: { } name } when byName.TryGetValue(name, out var index):
                        resolved.Add(Prerequisite.InBatch(index));
                        inBatch.Add(index);
                        break;
                    case { Name: { } name } when storedNames.TryGetValue(name, out var id):
                        resolved.Add(Prerequisite.OnTask(id));
                        break;
                    case { Id: { } id } when storedIds.Contains(id) || !checkStored:
                        resolved.Add(Prerequisite.OnTask(id));
                        break;
                    case { Name: { } name } when checkStored:
                        diagnostics.Add(Error(entries[i], path, SpecCodes.UnknownPrerequisite,
                            $"after '{name}': no spec submitted with this one and no task in the store is called '{name}'"));
                        break;
                    case { Id: { } id }:
                        diagnostics.Add(Error(entries[i], path, SpecCodes.UnknownPrerequisite, $"after '{text}': there is no task #{id}"));
                        break;
                    default:
                        break; // lint: a name outside the files given may be a stored task's
                }
            }

            after.Add(resolved);
            edges.Add(inBatch);
        }

        if (BatchGraph.FindCycle(edges) is { } cycle)
        {
            diagnostics.Add(CycleError(entries, cycle));
        }

        return new DependencyPlanResult(diagnostics.Count > 0 ? [] : after, diagnostics);
    }

    private static SpecDiagnostic CycleError(IReadOnlyList<PlanEntry> entries, IReadOnlyList<int> cycle)
    {
        string Label(int n) => entries[n].Spec.Name ?? Path.GetFileNameWithoutExtension(entries[n].File);
        // Each hop "x → y" is written in x's after: list; its file and line let the reader find and break it.
        var hops = new List<string>();
        for (var k = 0; k + 1 < cycle.Count; k++)
        {
            var (from, to) = (cycle[k], cycle[k + 1]);
            var at = AfterEntry(entries[from], entries[to].Spec.Name);
            hops.Add($"{Label(from)} waits for {Label(to)} ({entries[from].File}:{at.Position.Line})");
        }

        var first = entries[cycle[0]];
        var entry = AfterEntry(first, entries[cycle[1]].Spec.Name);
        return new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.DependencyCycle,
            $"dependency cycle: {string.Join(" → ", cycle.Select(Label))}; {string.Join(", ", hops)}. Nothing was submitted",
            first.File, entry.Position.Line, entry.Position.Column, entry.Path);
    }

    private static (string Path, SourcePosition Position) AfterEntry(PlanEntry entry, string? name)
    {
        var index = name is null ? -1 : entry.Spec.After.ToList().FindIndex(a => a.Trim() == name);
        foreach (var path in new[] { $"after[{index}]", "after" })
        {
            if (entry.Positions.TryGetValue(path, out var at))
            {
                return (path, at);
            }
        }

        return ("after", new SourcePosition(1, 1));
    }

    private static SpecDiagnostic Error(PlanEntry entry, string field, string code, string message)
    {
        var at = entry.Positions.TryGetValue(field, out var p) ? p
            : entry.Positions.TryGetValue(field.Split('[')[0], out var q) ? q : new SourcePosition(1, 1);
        return new SpecDiagnostic(DiagnosticSeverity.Error, code, message, entry.File, at.Line, at.Column, field);
    }
}
