using System.Globalization;
using Errand.Agents.Command;
using Errand.Bench.Agents;
using Errand.Bench.Engine;
using Errand.Bench.Sandboxes;
using Errand.Bench.Stores;
using Errand.Bench.Support;
using Errand.Bench.Workspaces;
using Errand.Engine.Runtime;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Workspaces;

// Errand engine benchmark: enqueue→start latency and full-lifecycle throughput on SQLite with durable commits.
// Usage: dotnet run -c Release --project bench/Errand.Bench -- --publish [--quick] (the whole suite, beside Hangfire,
//   written to docs/benchmarks/RESULTS.md with plots; ./bench.sh), or [--rounds N] [--burst N] [--idle N] [--command-burst N] [--spawns N]
//   [--only engine,spawn,workspaces,environments,parked,postgres,startup] [--stores sqlite,pg,pg-main,pg-before,pg-single,pg-unmerged,pg-single-enqueues] [--concurrency N] [--sqlite-poll MS] [--warmup-passes N (0: a cold worker)] [--parked N] [--answers N] [--idle-seconds S] [--cpu-rounds R]
//   [--cli LABEL=PATH,LABEL=PATH] [--startup-runs N] (startup: CLI builds side by side; default .artifacts/cli/errand)
//   [--workspace-sizes 1000,10000,50000] [--workspace-samples N] [--env-files N] [--env-samples N]
//   or: --builtin-agents N [--rounds R] [--delay-ms D] [--turns T] [--file-bytes B] (that scenario alone; it starts its child processes on their own flags)
if (await BuiltinAgentsCommand.TryRunAsync(args) || await StoreWorkerCommand.TryRunAsync(args) || await Errand.Bench.Peers.HangfireServerCommand.TryRunAsync(args) || await Errand.Bench.Publish.PublishCommand.TryRunAsync(args))
{
    return;
}

var only = (ArgText("--only") ?? "engine,spawn,workspaces,environments,parked").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
if (only.Contains("workspaces"))
{
    var sizes = (ArgText("--workspace-sizes") ?? "1000,10000,50000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    await WorkspaceCreationScenario.RunAsync(sizes, Arg("--workspace-samples", 20), CancellationToken.None);
}

if (only.Contains("parked"))
{
    await Errand.Bench.Questions.ParkedScenario.RunAsync(
        Arg("--parked", 100_000), Arg("--answers", 100), TimeSpan.FromSeconds(Arg("--idle-seconds", 10)), Arg("--cpu-rounds", 3), CancellationToken.None);
}

if (only.Contains("notify"))
{
    await Errand.Bench.Notifications.NotifyScenario.RunAsync(Arg("--notify-samples", 200), Arg("--notify-burst", 2_000), CancellationToken.None);
}

if (only.Contains("environments"))
{
    await EnvironmentStartScenario.RunAsync(Arg("--env-files", 3_000), Arg("--env-samples", 10), CancellationToken.None);
}

if (only.Contains("postgres"))
{
    await StoreComparison.RunAsync(Arg("--rounds", 3), Arg("--idle", 1_000), Arg("--burst", 20_000), Arg("--concurrency", 64),
        Arg("--sqlite-poll", 250), ArgText("--pg"), Arg("--producers", 8), ArgText("--stores")?.Split(','), Arg("--warmup-passes", 8), CancellationToken.None);
}

if (only.Contains("startup"))
{
    await Errand.Bench.Startup.StartupScenario.RunAsync(ArgText("--cli"), Arg("--startup-runs", 10), CancellationToken.None);
}

if (!only.Contains("engine") && !only.Contains("spawn"))
{
    return;
}

var rounds = Arg("--rounds", 3);
var burst = Arg("--burst", 20_000);
var idle = Arg("--idle", 1_000);
var commandBurst = Arg("--command-burst", 2_000);
var spawns = Arg("--spawns", 300);

var noopSpec = new TaskSpec { Title = "noop", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } };
var commandSpec = new TaskSpec
{
    Title = "true",
    Agent = AgentNames.Command,
    Command = "true",
    Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
};
var workspaceRoot = Directory.CreateTempSubdirectory("errand-bench-data-").FullName;

var scenarios = new List<(string Name, Func<EngineScenario> Make, int Burst)>
{
    ("engine: in-process no-op agent", () =>
    {
        var agent = new RecordingAgent(null);
        var nullSandbox = new NullSandboxes();
        return new EngineScenario("engine: in-process no-op agent", noopSpec, agent,
            store => new EngineServices(store, new NullWorkspaces(), [nullSandbox], [agent]), concurrency: 64);
    }, burst),
    ("command agent running `true`", () =>
    {
        var agent = new RecordingAgent(new CommandAgentRuntime());
        return new EngineScenario("command agent running `true`", commandSpec, agent,
            store => new EngineServices(store, new GitWorkspaceProvider(new GitWorkspaceOptions { Root = workspaceRoot }),
                [new NoneSandboxProvider(TimeProvider.System)], [agent]), concurrency: 8);
    }, commandBurst),
};

Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"# rounds: {rounds}, idle samples: {idle}, burst: {burst} (no-op) / {commandBurst} (command)");
var all = new List<ScenarioResult>();
for (var round = 1; round <= (only.Contains("engine") ? rounds : 0); round++)
{
    // Interleaved, so both scenarios see the same machine noise.
    foreach (var (name, make, size) in scenarios)
    {
        var result = await make().RunAsync(idle, size, CancellationToken.None);
        all.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round} | {name} | idle p50 {result.IdleP50Ms:0.000} ms p99 {result.IdleP99Ms:0.000} ms | {result.TasksPerSecond:0} tasks/s | under load p50 {result.LoadP50Ms:0.0} ms p99 {result.LoadP99Ms:0.0} ms"));
    }
}

Console.WriteLine();
Console.WriteLine("| scenario | enqueue→start p50 (idle) | p99 (idle) | throughput (tasks/s) | p50 under load | p99 under load |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var group in all.GroupBy(r => r.Name))
{
    static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToList();
        return Percentiles.Of(sorted, 50);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {group.Key} | {Median(group.Select(r => r.IdleP50Ms)):0.00} ms | {Median(group.Select(r => r.IdleP99Ms)):0.00} ms | {Median(group.Select(r => r.TasksPerSecond)):0} | {Median(group.Select(r => r.LoadP50Ms)):0} ms | {Median(group.Select(r => r.LoadP99Ms)):0} ms |"));
}

if (!only.Contains("spawn"))
{
    return;
}

await SandboxSpawnReport.PrintAsync(spawns, CancellationToken.None);

try
{
    Directory.Delete(workspaceRoot, recursive: true);
}
catch (IOException)
{
}

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
