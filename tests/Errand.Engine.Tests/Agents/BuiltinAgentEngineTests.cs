using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Agents;

/// <summary><c>agent: builtin</c> with <c>model: scripted/…</c>, run by the real worker through verify and delivery.</summary>
public sealed class BuiltinAgentEngineTests
{
    /// <summary>Reads, edits, runs the test, finishes: four turns, one tool each (the trace tests walk it too).</summary>
    internal const string FixScript = """
        - text: Let me look at the script.
          tools:
            - read_file: { path: greet.sh }
        - expect: Helo
          tools:
            - edit_file: { path: greet.sh, old_string: Helo, new_string: Hello }
        - tools:
            - run_command: { command: sh tests/greet_test.sh && echo PASS }
        - expect: exit code 0
          tools:
            - finish: { summary: Fixed the typo in greet.sh. }
        """;

    private const string ClaimsTooEarlyScript = """
        - tools:
            - finish: { summary: Nothing to do. }
        - expect: verify round 2
          tools:
            - edit_file: { path: greet.sh, old_string: Helo, new_string: Hello }
        - tools:
            - finish: { summary: Fixed it after the check failed. }
        """;

    // Deletes the failing test rather than fixing the script, so a check that runs whatever tests remain passes.
    private const string DeletesTheTestScript = """
        - tools:
            - run_command: { command: rm tests/greet_test.sh }
        - tools:
            - run_command: { command: "for t in tests/*_test.sh; do [ -e \"$t\" ] || continue; sh \"$t\" || exit 1; done; echo ALL PASS" }
        - expect: ALL PASS
          tools:
            - finish: { summary: All tests pass now. }
        """;

    private static TaskSpec Spec(string script, int attempts = 1) => new()
    {
        Title = "Fix the greeting",
        Agent = AgentNames.Builtin,
        Model = $"scripted/{script}",
        Instruction = "greet.sh prints a typo. Fix it.",
        Verify = new VerifySpec { Checks = [new CheckSpec("greet", "sh tests/greet_test.sh")], Attempts = attempts },
        Protect = ["tests/**"],
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
    };

    private static async Task<string> WriteScriptAsync(EngineHarness h, string text)
    {
        var path = Path.Combine(h.Repo.Root, "script.yaml");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task BuiltinScripted_ReadsEditsRunsFinishes_Succeeds()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var task = await h.SubmitAsync(Spec(await WriteScriptAsync(h, FixScript)));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}");
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.True(Assert.Single(result.Checks).Passed);
        Assert.Equal("#!/bin/sh\necho \"Hello, world!\"", h.Repo.Git("show", $"{result.Branch}:greet.sh"));
        var journal = await h.JournalAsync(task.Id);
        Assert.Equal(4, journal.Count(e => e.Kind == JournalKinds.ModelTurn));
        Assert.Equal(["read_file", "edit_file", "run_command", "finish"], journal.Where(e => e.Kind == JournalKinds.ToolCall).Select(e => e.Message));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "PASS");
        Assert.Equal(4, journal.Count(e => e.Kind == JournalKinds.Checkpoint));
        Assert.Contains(journal, e => e.Kind == JournalKinds.AgentFinished && e.Message == "Fixed the typo in greet.sh.");
    }

    [Fact]
    public async Task BuiltinScripted_ClaimsDoneWhileCheckFails_GetsFeedbackAndFixesInRoundTwo()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var task = await h.SubmitAsync(Spec(await WriteScriptAsync(h, ClaimsTooEarlyScript), attempts: 2));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}");
        var journal = await h.JournalAsync(task.Id);
        Assert.Equal(3, journal.Count(e => e.Kind == JournalKinds.ModelTurn));
        Assert.Equal(2, journal.Count(e => e.Kind == JournalKinds.AgentFinished));
    }

    [Fact]
    public async Task BuiltinScripted_ClaimsDoneWhileCheckFails_EndsFailed()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var task = await h.SubmitAsync(Spec(await WriteScriptAsync(h, ClaimsTooEarlyScript)));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.StartsWith("verify failed", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltinScripted_DeletesProtectedTestSoTheCheckPasses_EndsFailedNamingThePath()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var spec = Spec(await WriteScriptAsync(h, DeletesTheTestScript)) with
        {
            Verify = new VerifySpec { Checks = [new CheckSpec("tests", "for t in tests/*_test.sh; do [ -e \"$t\" ] || continue; sh \"$t\" || exit 1; done")] },
        };
        var task = await h.SubmitAsync(spec);

        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Failed, $"{done.State.ToWireName()}: {done.Reason}");
        Assert.Contains("protected paths changed: tests/greet_test.sh", done.Reason, StringComparison.Ordinal);
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        // The check itself passed: only the protect rule stands between the deleted test and a green task.
        Assert.True(Assert.Single(result.Checks).Passed);
        Assert.Equal(["tests/greet_test.sh"], result.ProtectViolations);
        var journal = await h.JournalAsync(task.Id);
        Assert.Contains(journal, e => e.Kind == JournalKinds.ProtectViolation && e.Message.Contains("tests/greet_test.sh", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Kind == JournalKinds.AgentFinished && e.Message == "All tests pass now.");
    }
}
