using Errand.Agents.Command;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Agents;

/// <summary>
/// <c>agent: command-template</c> run by the worker in bubblewrap: a small script in the repository plays the CLI
/// agent, taking its task from the prompt file and the quoted prompt, and Errand verifies what it did.
/// </summary>
public sealed class CommandTemplateEngineTests
{
    // The "agent": checks its prompt arrived both ways and cannot be rewritten, then fixes the greeting, or on a
    // first try that was told to be lazy only writes a note, and fixes it once the failed check's output is in its prompt.
    private const string AgentScript = """
        #!/bin/sh
        prompt_file="$1"; round="$2"; prompt="$3"; model="$4"
        echo "agent: round $round, model $model"
        test "$prompt" = "$(cat "$prompt_file")" || { echo "prompt and prompt file differ"; exit 4; }
        grep -q "it's \"Helo\"" "$prompt_file" || { echo "no task in the prompt"; exit 5; }
        if (echo tampered >> "$prompt_file") 2>/dev/null; then echo "the prompt file is writable"; exit 6; fi
        if grep -q 'lazy' "$prompt_file" && ! grep -q 'verify round 2' "$prompt_file"; then
          echo "a first try" > notes.txt
          exit 0
        fi
        if grep -q 'A follow-up to the task you finished, on the same branch: also write b.txt' "$prompt_file"; then
          echo b > b.txt
          echo "agent: wrote b.txt"
          exit 0
        fi
        grep -q 'verify round 2' "$prompt_file" && { grep -q 'got: Helo, world!' "$prompt_file" || exit 7; }
        sed -i 's/Helo/Hello/' greet.sh
        echo "agent: fixed"
        """;

    private static async Task<EngineHarness> HarnessAsync()
    {
        var h = await EngineHarness.CreateAsync();
        h.Repo.WriteFile("agent.sh", AgentScript);
        h.Repo.Commit("the agent");
        h.ExtraAgents.Add(new CommandTemplateRuntime());
        h.StartWorker();
        return h;
    }

    private static TaskSpec Spec(string instruction, int attempts = 1) => new()
    {
        Title = "Fix the greeting",
        Agent = AgentNames.CommandTemplate,
        Command = "sh agent.sh {prompt_file} {round} {prompt} {model}",
        Model = "local/tiny-agent",
        Instruction = instruction,
        Verify = new VerifySpec
        {
            Checks = [new CheckSpec("greet", "out=$(sh greet.sh); echo \"got: $out\"; test \"$out\" = 'Hello, world!'")],
            Attempts = attempts,
        },
        Protect = ["tests/**"],
        Sandbox = new SandboxSpec(),
    };

    private static string Describe(TaskRecord task, IEnumerable<JournalEvent> journal) =>
        $"{task.State.ToWireName()}: {task.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}";

    [Fact]
    public async Task CommandTemplate_ScriptReadsPromptFileAndFixes_SucceedsWithOutputJournaled()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(Spec("greet.sh prints a typo; it's \"Helo\" ($HOME and `x` stay as written). Fix it."));

        var done = await h.WaitForEndAsync(task.Id);

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, Describe(done, journal));
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal("#!/bin/sh\necho \"Hello, world!\"", h.Repo.Git("show", $"{result.Branch}:greet.sh"));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "agent: round 1, model local/tiny-agent");
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "agent: fixed");
        Assert.Single(journal, e => e.Kind == JournalKinds.AgentFinished);
    }

    [Fact]
    public async Task CommandTemplate_FirstRoundFailsTheCheck_SecondRoundGetsTheOutputInItsPromptAndFixes()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(Spec("greet.sh prints a typo; it's \"Helo\". Be lazy the first time.", attempts: 2));

        var done = await h.WaitForEndAsync(task.Id);

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, Describe(done, journal));
        Assert.Equal(2, journal.Count(e => e.Kind == JournalKinds.AgentFinished));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "agent: round 2, model local/tiny-agent");
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal(2, result.VerifyRounds);
        Assert.Equal("a first try", h.Repo.Git("show", $"{result.Branch}:notes.txt"));
    }

    [Fact]
    public async Task CommandTemplate_FollowUp_IsInThePromptOfTheNextRun()
    {
        await using var h = await HarnessAsync();
        var first = await h.WaitForEndAsync((await h.SubmitAsync(Spec("greet.sh prints a typo; it's \"Helo\". Fix it."))).Id);
        Assert.True(first.State == TaskState.Succeeded, first.Reason);

        var queued = await h.Transitions.FollowUpAsync(first.Id, "also write b.txt", h.Time.GetUtcNow(), CancellationToken.None);
        Assert.True(queued.Applied);
        var second = await h.WaitForAsync(first.Id, t => t.State.IsTerminal() && t.Attempt > first.Attempt);

        var journal = await h.JournalAsync(first.Id);
        Assert.True(second.State == TaskState.Succeeded, Describe(second, journal));
        var branch = ErrandJson.Deserialize<TaskResult>(second.ResultJson!).Branch;
        Assert.Equal("b", h.Repo.Git("show", $"{branch}:b.txt"));
        Assert.Equal("#!/bin/sh\necho \"Hello, world!\"", h.Repo.Git("show", $"{branch}:greet.sh"));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "agent: wrote b.txt");
    }

    [Fact]
    public async Task CommandTemplate_AgentExitsNonZero_FailsWithTheOutputTail()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(Spec("There is nothing here that the agent expects.") with { Command = "sh agent.sh {prompt_file} 1 {prompt}" });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("command exited 5", done.Reason, StringComparison.Ordinal);
        Assert.Contains("no task in the prompt", done.Reason, StringComparison.Ordinal);
    }
}
