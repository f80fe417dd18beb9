using System.Globalization;
using System.Runtime.CompilerServices;
using Errand.Chaos.Postgres;
using Errand.Chaos.Scenario;

// Errand chaos suite: real `errand worker` processes ("hosts", each with its own data directory) on one store, many
// short command tasks, random kill -9 of workers (restarted at once), SIGSTOP of a worker past its lease then SIGCONT;
// on PostgreSQL also a server restart and pg_terminate_backend of the workers' connections mid-run. Then the
// invariants, checked from the store and the journals, and the figures.
// Usage: dotnet run -c Release --project bench/Errand.Chaos -- [--store sqlite|postgres] [--tasks 1000] [--kills 50]
//   [--stops 1] [--workers 3] [--concurrency 4] [--lease-ms 15000] [--task-ms 200] [--kill-every-ms 600] [--seed 7]
// PostgreSQL: a throwaway cluster from scripts/postgres-test-cluster.sh (started if needed), a fresh database per run.
// Exit code 0 when every invariant held, 1 otherwise.
var work = Directory.CreateTempSubdirectory("errand-chaos-").FullName;
var postgres = ArgText("--store") == "postgres";
var script = ClusterScript();
var connection = postgres ? await PostgresChaos.StartClusterAsync(script, CancellationToken.None) : null;
var options = new ChaosOptions
{
    ErrandDll = Path.Combine(AppContext.BaseDirectory, "errand.dll"),
    WorkDirectory = work,
    Store = connection is null ? ChaosStore.Sqlite(Path.Combine(work, "errand.db")) : PostgresChaos.Store(connection),
    ServerFaults = connection is null ? [] : PostgresChaos.Faults(connection, script, restartAt: 0.5, terminateAt: 0.3),
    Tasks = Arg("--tasks", 1000),
    Kills = Arg("--kills", 50),
    Stops = Arg("--stops", 1),
    Workers = Arg("--workers", 3),
    Concurrency = Arg("--concurrency", 4),
    Lease = TimeSpan.FromMilliseconds(Arg("--lease-ms", 15_000)),
    TaskDuration = TimeSpan.FromMilliseconds(Arg("--task-ms", 200)),
    KillEvery = TimeSpan.FromMilliseconds(Arg("--kill-every-ms", 600)),
    Seed = Arg("--seed", 7),
    Log = line => Console.Error.WriteLine(line),
};

Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
var report = await ChaosRun.RunAsync(options, CancellationToken.None);
report.Print(Console.Out);
try
{
    Directory.Delete(work, recursive: true);
}
catch (IOException)
{
}

return report.Violations.Count == 0 ? 0 : 1;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

static string ClusterScript([CallerFilePath] string source = "") =>
    Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "scripts", "postgres-test-cluster.sh"));
