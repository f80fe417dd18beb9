using System.Diagnostics;
using System.Diagnostics.Metrics;
using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Agents;
using Errand.Engine.Tests.Support;
using Errand.Engine.Workers;
using Errand.Specs;
using Errand.Tasks;
using Errand.Telemetry;
using Errand.Tests.Shared;

namespace Errand.Engine.Tests.Telemetry;

/// <summary>
/// The trace and the metrics of a real task: the builtin agent over the scripted model, run by the real worker on a
/// real SQLite file and a real git repository, its spans caught by an <see cref="ActivityListener"/> as an exporter
/// would get them.
/// </summary>
public sealed class TaskTracingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string SecretName = "PLANTED_TOKEN";
    private const string SecretValue = "pl4nted-Tr4ce/s3cret+v4lue=7";

    // The model puts the value into its text and into tool arguments, the command prints it, and the check fails
    // quoting it: every path a span could copy it from, if prompts, arguments, output or reasons were recorded.
    private static readonly string LeakScript = $$"""
        - text: "I will use {{SecretValue}} now."
          tools:
            - run_command: { command: "echo \"$PLANTED_TOKEN\"; echo {{SecretValue}} >&2" }
        - tools:
            - write_file: { path: "note-{{SecretValue}}.txt", content: "{{SecretValue}}" }
        - tools:
            - finish: { summary: "Done with {{SecretValue}}" }
        """;

    private static TaskSpec BuiltinSpec(string script) => new()
    {
        Title = "Fix the greeting",
        Agent = AgentNames.Builtin,
        Model = $"scripted/{script}",
        Instruction = "greet.sh prints a typo. Fix it.",
        Verify = new VerifySpec { Checks = [new CheckSpec("greet", "sh tests/greet_test.sh")] },
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
    };

    [Fact]
    public async Task RunAsync_BuiltinAgentFixesTypo_TraceHasTaskPhasesModelCallsAndToolCalls()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        var task = await SubmitAsync(h, BuiltinAgentEngineTests.FixScript);
        using var spans = new SpanCapture(TaskTrace.TraceIdOf(h.Installation, task));
        h.StartWorker();

        var done = await h.WaitForEndAsync(task.Id, Timeout);
        await spans.WaitForRootAsync(Timeout);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}");
        var root = Assert.Single(spans.Spans, s => s.OperationName == SpanNames.Task);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(task.Id, root.GetTagItem(SpanAttributes.TaskId));
        Assert.Equal("succeeded", root.GetTagItem(SpanAttributes.State));
        Assert.Equal(["errand.prepare", "errand.agent", "errand.verify", "errand.deliver"], spans.ChildrenOf(root).Select(s => s.OperationName));

        var agent = spans.ChildrenOf(root).Single(s => s.OperationName == "errand.agent");
        Assert.Equal("invoke_agent", agent.GetTagItem(SpanAttributes.GenAiOperation));
        Assert.Equal(AgentNames.Builtin, agent.GetTagItem(SpanAttributes.GenAiAgentName));
        var turns = spans.ChildrenOf(agent);

        // Each model call is followed by the tool calls it asked for, as siblings under the agent (GenAI conventions).
        Assert.Equal(
            ["chat", "execute_tool read_file", "chat", "execute_tool edit_file", "chat", "execute_tool run_command", "chat", "execute_tool finish"],
            turns.Select(s => s.DisplayName.StartsWith("chat ", StringComparison.Ordinal) ? "chat" : s.DisplayName));
        foreach (var chat in turns.Where(s => s.DisplayName.StartsWith("chat ", StringComparison.Ordinal)))
        {
            Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("scripted", chat.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("scripted/script.yaml", chat.GetTagItem("gen_ai.request.model"));
            Assert.True(Convert.ToInt64(chat.GetTagItem("gen_ai.usage.input_tokens"), null) > 0, "input tokens on the model call");
            Assert.True(Convert.ToInt64(chat.GetTagItem("gen_ai.usage.output_tokens"), null) > 0, "output tokens on the model call");
        }

        foreach (var tool in turns.Where(s => s.DisplayName.StartsWith("execute_tool ", StringComparison.Ordinal)))
        {
            Assert.Equal("execute_tool", tool.GetTagItem(SpanAttributes.GenAiOperation));
            Assert.Equal(tool.DisplayName["execute_tool ".Length..], tool.GetTagItem(SpanAttributes.GenAiToolName));
            Assert.StartsWith("scripted-", (string?)tool.GetTagItem(SpanAttributes.GenAiToolCallId), StringComparison.Ordinal);
        }

        // The command the tool ran in the sandbox, and the check's, are children of what ran them.
        var command = Assert.Single(spans.ChildrenOf(turns.Single(s => s.DisplayName == "execute_tool run_command")));
        Assert.Equal(SpanNames.Command, command.OperationName);
        Assert.Equal(0, command.GetTagItem(SpanAttributes.ExitCode));
        var check = Assert.Single(spans.ChildrenOf(spans.ChildrenOf(root).Single(s => s.OperationName == "errand.verify")));
        Assert.Equal("greet", check.GetTagItem(SpanAttributes.CheckName));
        Assert.Equal(true, check.GetTagItem(SpanAttributes.CheckPassed));
        Assert.Equal(SpanNames.Command, Assert.Single(spans.ChildrenOf(check)).OperationName);

        // Every span belongs to the tree under the root: nothing in the trace dangles.
        var ids = spans.Spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans.Spans.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids));
    }

    [Fact]
    public async Task RunAsync_BuiltinAgentFixesTypo_CountsTransitionsTokensAndDuration()
    {
        await using var h = await EngineHarness.CreateAsync();
        using var meter = new Meter(ErrandTelemetry.Name);
        h.Metrics = new ErrandMetrics(meter);
        using var metrics = new MetricCapture(meter);
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        var task = await SubmitAsync(h, BuiltinAgentEngineTests.FixScript);
        h.StartWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100), CountsInterval = TimeSpan.FromMilliseconds(50) });

        var done = await h.WaitForEndAsync(task.Id, Timeout);
        var succeeded = await metrics.WaitForGaugeAsync("errand.tasks", (SpanAttributes.State, "succeeded"), 1, Timeout);
        await h.StopWorkersAsync();

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}");
        Assert.Equal(1, metrics.Sum("errand.tasks.transitions", (SpanAttributes.State, "running")));
        Assert.Equal(1, metrics.Sum("errand.tasks.transitions", (SpanAttributes.State, "succeeded")));
        var duration = Assert.Single(metrics.Measurements, m => m.Instrument == "errand.task.duration");
        Assert.Equal("succeeded", duration.Tags[SpanAttributes.State]);
        Assert.True(duration.Value > 0);
        Assert.Equal(0, succeeded.Where(m => m.Instrument == "errand.tasks" && m.Tags[SpanAttributes.State] is "queued" or "running").Sum(m => m.Value));
        Assert.Equal(0, succeeded.Single(m => m.Instrument == "errand.queue.depth").Value);
        var journal = await h.JournalAsync(task.Id);
        var turns = journal.Where(e => e.Kind == Errand.Journal.JournalKinds.ModelTurn).Select(e => Errand.Json.ErrandJson.Deserialize<Errand.Agents.AgentTurn>(e.DataJson!)).ToList();
        Assert.Equal(4, turns.Count);
        Assert.Equal(turns.Sum(t => t.InputTokens), metrics.Sum("errand.tokens", (SpanAttributes.GenAiTokenType, "input")));
        Assert.Equal(turns.Sum(t => t.OutputTokens), metrics.Sum("errand.tokens", (SpanAttributes.GenAiTokenType, "output")));
    }

    [Fact]
    public async Task RunAsync_PlantedSecretInModelTextArgumentsOutputAndFailure_NoSpanOrMetricHoldsIt()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Secrets = await h.SecretsWithAsync((SecretName, SecretValue));
        using var meter = new Meter(ErrandTelemetry.Name);
        h.Metrics = new ErrandMetrics(meter);
        using var metrics = new MetricCapture(meter);
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        var spec = BuiltinSpec(await WriteScriptAsync(h, LeakScript)) with
        {
            Secrets = [SecretName],
            Verify = new VerifySpec { Checks = [new CheckSpec("leaky", """echo "check saw $PLANTED_TOKEN"; exit 3""")] },
        };
        var task = await SubmitAsync(h, spec);
        using var spans = new SpanCapture(TaskTrace.TraceIdOf(h.Installation, task));
        h.StartWorker();

        var done = await h.WaitForEndAsync(task.Id, Timeout);
        await spans.WaitForRootAsync(Timeout);
        await h.StopWorkersAsync();
        metrics.Observe();

        Assert.True(done.State == TaskState.Failed, $"{done.State.ToWireName()}: {done.Reason}");

        // The spans that could have carried it are there: three model calls, their tools, the failing check.
        Assert.Equal(3, spans.Spans.Count(s => s.DisplayName.StartsWith("chat ", StringComparison.Ordinal)));
        Assert.Contains(spans.Spans, s => s.DisplayName == "execute_tool write_file");
        Assert.Contains(spans.Spans, s => s.OperationName == SpanNames.Check && Equals(s.GetTagItem(SpanAttributes.CheckPassed), false));
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans.Spans, s => s.OperationName == SpanNames.Task).Status);
        var leaks = spans.Spans.SelectMany(s => SpanText.Of(s).SelectMany(t => SecretTrace.FindIn(t, SecretValue, $"span {s.DisplayName}")))
            .Concat(metrics.Measurements.SelectMany(m => m.Tags.SelectMany(t => SecretTrace.FindIn($"{t.Key}={t.Value}", SecretValue, $"metric {m.Instrument}"))))
            .ToList();
        Assert.Empty(leaks);
        Assert.NotEmpty(metrics.Measurements);
    }

    private static async Task<TaskRecord> SubmitAsync(EngineHarness h, string script) => await SubmitAsync(h, BuiltinSpec(await WriteScriptAsync(h, script)));

    // The stored record: the trace id comes from what the store keeps of the task.
    private static async Task<TaskRecord> SubmitAsync(EngineHarness h, TaskSpec spec) =>
        (await h.Store.GetAsync((await h.SubmitAsync(spec)).Id, CancellationToken.None))!;

    private static async Task<string> WriteScriptAsync(EngineHarness h, string text)
    {
        var path = Path.Combine(h.Repo.Root, "script.yaml");
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
