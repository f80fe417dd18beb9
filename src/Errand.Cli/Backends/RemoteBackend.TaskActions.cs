using System.Text.Json;
using Errand.Application.Tasks;
using Errand.Json;
using Errand.Specs;

namespace Errand.Cli.Backends;

internal sealed partial class RemoteBackend
{
    public Task<TaskView> RetryAsync(long taskId, CancellationToken cancellationToken) =>
        PostAsync<TaskView>($"/api/tasks/{taskId}/retry", null, cancellationToken);

    public Task<TaskView> FollowUpAsync(long taskId, string instruction, CancellationToken cancellationToken) =>
        PostAsync<TaskView>($"/api/tasks/{taskId}/followup", new { instruction }, cancellationToken);

    public Task<TaskView> ExtendAsync(long taskId, BudgetAmounts more, CancellationToken cancellationToken) =>
        PostAsync<TaskView>($"/api/tasks/{taskId}/extend", more, cancellationToken);

    public async Task<IReadOnlyList<SpecDiagnostic>> LintAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        // As the local linter does: a missing file is a finding, and the others are still checked.
        var (found, missing) = await ReadSpecsAsync(files, cancellationToken);
        if (found.Count == 0)
        {
            return missing;
        }

        var linted = await PostAsync<JsonElement>("/api/lint", new { specs = found.Select(f => f.Text) }, cancellationToken);
        var findings = linted.GetProperty("diagnostics").Deserialize<List<SpecDiagnostic>>(ErrandJson.Options)!;
        return [.. missing, .. findings.Select(f => f with { File = FileOf(f.File, [.. found.Select(s => s.File)]) })];
    }

    /// <summary>The texts of <paramref name="files"/>, or a "file not found" finding for each one missing.</summary>
    private static async Task<(List<(string File, string Text)> Found, List<SpecDiagnostic> Missing)> ReadSpecsAsync(
        IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var texts = new List<(string File, string Text)>();
        var missing = new List<SpecDiagnostic>();
        foreach (var file in files)
        {
            if (File.Exists(file))
            {
                texts.Add((file, await File.ReadAllTextAsync(file, cancellationToken)));
            }
            else
            {
                missing.Add(new SpecDiagnostic(DiagnosticSeverity.Error, "E001", "file not found", file, 1, 1, null));
            }
        }

        return (texts, missing);
    }
}
