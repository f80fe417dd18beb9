using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Errand.Agents;
using Errand.Agents.Builtin;
using Errand.Agents.Command;
using Errand.Agents.Models;
using Errand.Application.Tokens;
using Errand.Engine.Runtime;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Engine.Workers;
using Errand.Mcp;
using Errand.Notifications.Configuration;
using Errand.Observability;
using Errand.Sandboxing.None;
using Errand.Server.Auth;
using Errand.Server.Hosting;
using Errand.Storage.Sqlite;
using Errand.Tasks;
using Errand.Tests.Shared;
using Errand.Tokens;
using Errand.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Server.Tests.Support;

/// <summary>
/// A real errand server on a loopback port (Kestrel, port 0), over a real SQLite store and git repository, with a
/// token of each scope; optionally a real worker (command agent, none sandbox) in the same process, as `errand serve` runs.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Dictionary<TokenScope, string> _tokens = [];
    private readonly List<HttpClient> _clients = [];
    private Worker? _worker;

    private ServerHarness(TempGitRepo repo, SqliteStore store, Uri? model)
    {
        Repo = repo;
        Store = store;
        Model = model;
        Workspaces = new GitWorkspaceProvider(new GitWorkspaceOptions { Root = repo.DataDir });
        Transitions = new TaskTransitions(store);
        Secrets = new SecretStore(repo.DataDir, new SecretStoreOptions { KeyFile = Path.Combine(repo.Root, "keys", "secret.key") });
    }

    public TempGitRepo Repo { get; }

    public SqliteStore Store { get; }

    public TaskTransitions Transitions { get; }

    public SecretStore Secrets { get; }

    /// <summary>The workers' workspaces, also the server's (for diffs), as `errand serve` shares them.</summary>
    public GitWorkspaceProvider Workspaces { get; }

    /// <summary>The OpenAI-compatible endpoint the builtin agent talks to (model <c>openai/fake-gpt</c>), or null: command agents only.</summary>
    public Uri? Model { get; }

    public WebApplication App { get; private set; } = null!;

    /// <summary>Every request the server took, with its end; a browser test's Chromium adds its side (written out on failure).</summary>
    public Timeline Timeline { get; } = new();

    public Uri Address { get; private set; } = null!;

    /// <summary>Starts a server; <paramref name="seed"/> writes to its store before the server opens it.</summary>
    public static async Task<ServerHarness> StartAsync(
        bool withWorker = false, SubmitRateLimit? submitLimit = null, Uri? model = null, Func<SqliteStore, Task>? seed = null)
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "a repository\n");
        repo.Commit("initial");
        Directory.CreateDirectory(repo.DataDir);
        var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(repo.DataDir, "errand.db") }, CancellationToken.None);
        if (seed is not null)
        {
            await seed(store);
        }

        var harness = new ServerHarness(repo, store, model);
        await harness.StartAppAsync(submitLimit ?? SubmitRateLimit.Default);
        if (withWorker)
        {
            await Task.Run(harness.StartWorker);
        }

        return harness;
    }

    /// <summary>A client with a token of <paramref name="scope"/> (null: no token at all).</summary>
    public HttpClient Client(TokenScope? scope)
    {
        // Redirects are not followed: a dashboard page's answer to a stranger is a redirect to the sign-in page, asserted as such.
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = Patience };
        if (scope is { } s)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[s]);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>A client sending <paramref name="token"/> as it is.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string Token(TokenScope scope) => _tokens[scope];

    /// <summary>
    /// The spec findings under <paramref name="property"/> (a created record's <c>warnings</c>, a problem's
    /// <c>diagnostics</c>) as <c>code field file:line:column</c>. <see cref="Spec"/> without a budget has two warnings:
    /// <c>W002 budget spec:1:1</c> and <c>W007 sandbox.backend spec:11:3</c>.
    /// </summary>
    public static List<string> Findings(JsonElement owner, string property = "warnings") =>
        [.. owner.GetProperty(property).EnumerateArray().Select(w =>
            $"{w.GetProperty("code").GetString()} {w.GetProperty("field").GetString()} {w.GetProperty("file").GetString()}:{w.GetProperty("line").GetInt32()}:{w.GetProperty("column").GetInt32()}")];

    /// <summary>A spec whose command agent runs <paramref name="command"/> in the harness's repository (none sandbox).</summary>
    public string Spec(string title, string command, string verify = "true", string extra = "") => $"""
        ---
        title: {JsonSerializer.Serialize(title)}
        repo: {Repo.RepoPath}
        agent: command
        command: |
          {command.Replace("\n", "\n  ", StringComparison.Ordinal)}
        verify:
          - name: check
            run: {JsonSerializer.Serialize(verify)}
        sandbox:
          backend: none
          network: open
        {extra}
        ---
        Do it.

        ## Done when
        - the `check` check passes
        """;

    public async Task<JsonElement> SubmitAsync(string spec, TokenScope scope = TokenScope.Submit)
    {
        using var response = await Client(scope).PostAsJsonAsync("/api/tasks", new { spec });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonElement.Parse(body);
    }

    public async Task<TaskRecord> WaitForAsync(long id, Func<TaskRecord, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            var task = (await Store.GetAsync(id, CancellationToken.None))!;
            if (condition(task))
            {
                return task;
            }

            // The store's own wake-up for journal writes, not a fixed sleep; the deadline bounds the whole wait.
            var seen = Store.JournalVersion;
            task = (await Store.GetAsync(id, CancellationToken.None))!;
            if (condition(task))
            {
                return task;
            }

            try
            {
                await Store.WaitForJournalAsync(seen, TimeSpan.FromSeconds(1), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {id} is still {task.State.ToWireName()} ({task.Reason})");
            }
        }
    }

    public void StartWorker()
    {
        IAgentRuntime[] agents = Model is { } model
            ? [new CommandAgentRuntime(), new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions
            {
                OpenAiBaseUrl = new Uri(model, "v1"),
                OpenAiApiKey = "test-key",
                Prices = new Dictionary<string, ModelPrice> { ["openai/fake-gpt"] = new(2.50m, 10.00m) },
            }))]
            : [new CommandAgentRuntime()];
        var services = new EngineServices(Store, Workspaces, [new NoneSandboxProvider(TimeProvider.System)], agents)
        {
            Secrets = Secrets,
        };
        _worker = new Worker(services, new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMilliseconds(200) });
        _worker.Start();
    }

    public async ValueTask DisposeAsync()
    {
        Timeline.WriteIfFailed("requests and browser events");
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await Store.DisposeAsync();
        Repo.Dispose();
    }

    private async Task StartAppAsync(SubmitRateLimit submitLimit)
    {
        var tokens = new TokenService(Store);
        foreach (var scope in Enum.GetValues<TokenScope>())
        {
            _tokens[scope] = (await tokens.CreateAsync($"test-{scope.ToWireName()}", scope, CancellationToken.None))!.Token;
        }

        App = ErrandServer.Build(
            new ServerServices(Store, Transitions, TimeProvider.System, NullLoggerFactory.Instance)
            {
                Secrets = Secrets.ListAsync,
                Workspaces = Workspaces,
                KeyRing = await KeyRingCipher.OpenAsync(Store, Secrets, CancellationToken.None),
            },
            new ServerOptions
            {
                Listen = "http://127.0.0.1:0",
                SubmitLimit = submitLimit,
                // The extensions `errand serve` adds, so RouteAuthTests walks their routes too (no OTLP: no collector here).
                Extensions = [new MetricsServerExtension(new TelemetryConfig(), _ => null), new McpServerExtension(), new RequestTimeline(Timeline)],
            });
        // Started off the test framework's synchronization context, as `errand serve` starts it: nothing of the server may
        // depend on the test's own scheduler.
        await Task.Run(() => App.StartAsync(CancellationToken.None));
        Address = ErrandServer.Address(App);
    }
}
