using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Errand.Agents;
using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Sandboxing;
using Errand.Specs;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Best-of-N's <c>pick: judge</c>: the builtin agent, on the judge's model, reads the task and each passing attempt's
/// diff and names the winner. It runs in a scratch workspace in the task's sandbox; its answer must name a passing attempt.
/// </summary>
internal sealed partial class TaskExecution
{
    private const int JudgeDiffChars = 20_000;

    private async Task<(SliceOutcome? Winner, string Because)> JudgeAsync(
        AttemptState state, IReadOnlyList<SliceOutcome> passing, PickSpec pick, CancellationToken cancellationToken)
    {
        var spec = state.Spec;
        if (services.FindAgent(AgentNames.Builtin) is not { } judge)
        {
            return (null, "pick: judge needs the builtin agent, which this worker does not have");
        }

        var prompt = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"You judge {passing.Count} attempts at the same task. Each passed the task's checks.")
            .AppendLine("Read the task and every attempt's diff, then finish with a summary whose first line is exactly")
            .AppendLine("`winner: N` (N the attempt number), followed by one sentence saying why.")
            .AppendLine().AppendLine("## The task").AppendLine(state.Spec.FleetRun?.FleetTitle).AppendLine(spec.Instruction);
        var slices = await services.Store.ListSlicesAsync(state.FleetReport!.FleetId, cancellationToken);
        foreach (var attempt in passing)
        {
            var result = ErrandJson.Deserialize<TaskResult>(slices[attempt.Index].ResultJson!);
            var diff = spec.Repo is { } repo && result.BaseCommit is { } from && result.HeadCommit is { } to
                ? await services.Workspaces.DiffAsync(repo, from, to, JudgeDiffChars, cancellationToken)
                : "(no diff available)";
            prompt.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Attempt {attempt.Index + 1} ({attempt.Value}, branch {attempt.Branch})")
                .AppendLine("```diff").Append(diff).AppendLine("```");
        }

        var judgeSpec = spec with
        {
            Title = $"{spec.Title}: judge",
            Agent = AgentNames.Builtin,
            Model = pick.Model ?? spec.Model,
            Instruction = prompt.ToString(),
            Repo = null,
            Verify = new VerifySpec(),
            FleetRun = null,
        };
        var workspace = await services.Workspaces.PrepareAsync(
            new WorkspaceRequest(state.TaskId, state.Claim.Task.Attempt, null, null, TaskBranch.For(state.TaskId, judgeSpec.Title)), cancellationToken);
        try
        {
            return await AskJudgeAsync(state, judge, judgeSpec, workspace, passing, cancellationToken);
        }
        finally
        {
            await services.Workspaces.CleanupAsync(workspace, CancellationToken.None);
        }
    }

    private async Task<(SliceOutcome? Winner, string Because)> AskJudgeAsync(
        AttemptState state, IAgentRuntime judge, TaskSpec judgeSpec, Workspace workspace, IReadOnlyList<SliceOutcome> passing, CancellationToken cancellationToken)
    {
        var spec = state.Spec;
        var provider = services.FindSandbox(spec.Sandbox.Backend)
            ?? throw new SandboxUnavailableException($"backend '{spec.Sandbox.Backend}' is not available on this worker");
        await using var sandbox = await provider.CreateAsync(new SandboxRequest(workspace.Path, spec.Sandbox), cancellationToken);
        string? answer = null;
        await foreach (var e in judge.RunAsync(new AgentRun(state.TaskId, state.Claim.Task.Attempt, judgeSpec, workspace.Path, sandbox), cancellationToken))
        {
            switch (e)
            {
                case AgentFinished finished:
                    answer = finished.Summary;
                    break;
                case AgentFailed failed:
                    return (null, $"the judge failed: {failed.Reason}");
                case AgentTurn turn:
                    await state.Journal.WriteAsync(JournalKinds.ModelTurn, $"judge: {turn.InputTokens} in, {turn.OutputTokens} out",
                        ErrandJson.Serialize(new { input_tokens = turn.InputTokens, output_tokens = turn.OutputTokens, cost_usd = turn.CostUsd }), cancellationToken);
                    break;
            }
        }

        var named = answer is null ? null : WinnerLine().Match(answer) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        var winner = passing.FirstOrDefault(p => p.Index + 1 == named);
        return winner is null
            ? (null, $"the judge named no passing attempt (passing: {string.Join(", ", passing.Select(p => p.Index + 1))}); it said: {answer ?? "nothing"}")
            : (winner, $"the judge ({judgeSpec.Model}) picked it: {answer!.Trim()}");
    }

    [GeneratedRegex(@"winner:\s*(?:attempt\s*)?#?(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WinnerLine();
}
