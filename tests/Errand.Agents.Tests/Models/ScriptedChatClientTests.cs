using Errand.Agents.Models;
using Errand.Agents.Tests.Support;

namespace Errand.Agents.Tests.Models;

/// <summary>The scripted provider driving the real builtin agent in a real repository.</summary>
public sealed class ScriptedChatClientTests
{
    private const string FixScript = """
        - text: Let me look at the script.
          tools:
            - read_file: { path: greet.sh }
        - expect: Helo, world
          tools:
            - edit_file: { path: greet.sh, old_string: Helo, new_string: Hello }
        - expect: replaced 1 occurrence
          tools:
            - run_command: { command: sh tests/greet_test.sh && echo PASS }
          usage: { input: 2000, output: 100, cost: 0.5 }
        - expect: exit code 0
          tools:
            - finish: { summary: Fixed the typo. }
        """;

    [Fact]
    public async Task RunAsync_ScriptInTheRepository_ReplaysItToTheFinish()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile(".errand/fix.yaml", FixScript);
        var agent = AgentTestbed.Runtime(new ModelOptions { Prices = new Dictionary<string, ModelPrice> { ["scripted/.errand/fix.yaml"] = new(10m, 10m) } });

        var events = await AgentTestbed.CollectAsync(agent.RunAsync(bed.Run("scripted/.errand/fix.yaml"), TestContext.Current.CancellationToken));

        Assert.Equal("Fixed the typo.", Assert.IsType<AgentFinished>(events[^1]).Summary);
        Assert.Equal("#!/bin/sh\necho \"Hello, world!\"\n", bed.Read("greet.sh"));
        var turns = events.OfType<AgentTurn>().ToList();
        Assert.Equal(4, turns.Count);
        Assert.Equal((2000L, 100L, 0.5m), (turns[2].InputTokens, turns[2].OutputTokens, turns[2].CostUsd!.Value));
        Assert.True(turns[0].InputTokens > 0);
        Assert.Equal((turns[0].InputTokens + turns[0].OutputTokens) * 10m / 1_000_000m, turns[0].CostUsd);
    }

    [Fact]
    public async Task RunAsync_ExpectationNotMet_FailsNamingTheTurnAndWhatCame()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var script = Path.Combine(bed.Repo.Root, "wrong.yaml");
        await File.WriteAllTextAsync(script, "- tools: [ { read_file: { path: greet.sh } } ]\n- expect: Goodbye\n  tools: [ { finish: { summary: no } } ]\n", TestContext.Current.CancellationToken);

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(new ModelOptions()).RunAsync(bed.Run($"scripted/{script}"), TestContext.Current.CancellationToken));

        var failed = Assert.IsType<AgentFailed>(events[^1]);
        Assert.Contains("turn 2", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("to contain 'Goodbye'", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("Helo, world!", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ScriptRunsOut_FailsSayingSo()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var script = Path.Combine(bed.Repo.Root, "short.yaml");
        await File.WriteAllTextAsync(script, "- tools: [ { list_files: {} } ]\n", TestContext.Current.CancellationToken);
        var agent = AgentTestbed.Runtime(new ModelOptions { ScriptedPath = script });

        var events = await AgentTestbed.CollectAsync(agent.RunAsync(bed.Run("scripted"), TestContext.Current.CancellationToken));

        Assert.Contains("has 1 turns and the agent asked for turn 2", Assert.IsType<AgentFailed>(events[^1]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingScript_FailsBeforeAnyTurn()
    {
        await using var bed = await AgentTestbed.CreateAsync();

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(new ModelOptions()).RunAsync(bed.Run("scripted/nope.yaml"), TestContext.Current.CancellationToken));

        Assert.Contains("no script at", Assert.IsType<AgentFailed>(Assert.Single(events)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TextOnlyReplies_AreNudgedThenFail()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var script = Path.Combine(bed.Repo.Root, "chatty.yaml");
        await File.WriteAllTextAsync(script, "- text: thinking\n- text: still thinking\n- text: more\n", TestContext.Current.CancellationToken);

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(new ModelOptions()).RunAsync(bed.Run($"scripted/{script}"), TestContext.Current.CancellationToken));

        Assert.Equal(2, events.OfType<AgentCheckpoint>().Count());
        Assert.Contains("3 times in a row without calling a tool", Assert.IsType<AgentFailed>(events[^1]).Reason, StringComparison.Ordinal);
    }
}
