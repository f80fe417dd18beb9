using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Sandboxing;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Storage;
using Errand.Tests.Shared;

namespace Errand.Agents.Tests.Support;

/// <summary>A real git repository with a one-character bug, the real explicit <c>none</c> sandbox on it, and helpers to run the builtin agent there.</summary>
internal sealed class AgentTestbed : IAsyncDisposable
{
    private AgentTestbed(TempGitRepo repo, ISandbox sandbox)
    {
        Repo = repo;
        Sandbox = sandbox;
    }

    public TempGitRepo Repo { get; }

    public ISandbox Sandbox { get; }

    public string Workspace => Repo.RepoPath;

    /// <summary>The standard fix: read, edit, run the test, finish.</summary>
    public static IReadOnlyList<FakeTurn> FixTurns { get; } =
    [
        new FakeTurn("Let me look at the script.", new FakeCall("read_file", """{"path":"greet.sh"}""")),
        FakeTurn.Call("edit_file", new { path = "greet.sh", old_string = "Helo", new_string = "Hello" }),
        FakeTurn.Call("run_command", new { command = "sh tests/greet_test.sh && echo PASS" }),
        FakeTurn.Call("finish", new { summary = "Fixed the typo in greet.sh; the test passes." }),
    ];

    public static async Task<AgentTestbed> CreateAsync()
    {
        var repo = new TempGitRepo();
        repo.WriteFile("greet.sh", "#!/bin/sh\necho \"Helo, world!\"\n");
        repo.WriteFile("tests/greet_test.sh", "test \"$(sh greet.sh)\" = \"Hello, world!\"\n");
        repo.Commit("initial");
        var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(
            new SandboxRequest(repo.RepoPath, new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true }), CancellationToken.None);
        return new AgentTestbed(repo, sandbox);
    }

    public static TaskSpec Spec(string model) => new()
    {
        Title = "Fix the greeting",
        Agent = AgentNames.Builtin,
        Model = model,
        Instruction = "greet.sh should print \"Hello, world!\" but has a typo. Fix it.",
        DoneWhen = ["tests/greet_test.sh passes"],
        Verify = new VerifySpec { Checks = [new CheckSpec("greet", "sh tests/greet_test.sh")] },
        Protect = ["tests/**"],
    };

    public AgentRun Run(string model, Checkpoint? resumeFrom = null, int round = 1, string? feedback = null) =>
        new(1, 1, Spec(model), Workspace, Sandbox) { ResumeFrom = resumeFrom, Round = round, VerifyFeedback = feedback };

    /// <summary>Both providers pointed at <paramref name="server"/>, with no retries and a price for <c>openai/fake-gpt</c>.</summary>
    public static ModelOptions Models(FakeModelServer server) => new()
    {
        OpenAiApiKey = "test-key",
        OpenAiBaseUrl = new Uri(server.BaseUrl, "v1"),
        AnthropicApiKey = "test-key",
        AnthropicBaseUrl = server.BaseUrl,
        MaxRetries = 0,
        Prices = new Dictionary<string, ModelPrice> { ["openai/fake-gpt"] = new(1m, 2m) },
    };

    public static BuiltinAgentRuntime Runtime(ModelOptions models, BuiltinAgentOptions? options = null) =>
        new(new ChatClientFactory(models), options);

    public static Checkpoint CheckpointOf(AgentCheckpoint saved) => new(1, 1, saved.Step, saved.StateJson, null, DateTimeOffset.UnixEpoch);

    public static async Task<List<AgentEvent>> CollectAsync(IAsyncEnumerable<AgentEvent> events)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var list = new List<AgentEvent>();
        await foreach (var e in events.WithCancellation(timeout.Token))
        {
            list.Add(e);
        }

        return list;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Workspace, relative));

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        Repo.Dispose();
    }
}
