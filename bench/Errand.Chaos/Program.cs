using System.Globalization;
using Errand.Chaos.Scenario;

// Errand chaos suite: real `errand worker` processes ("hosts", each with its own data directory) on one store, many
// short command tasks, random kill -9 of workers (restarted at once), SIGSTOP of a worker past its lease then SIGCONT;
// then the invariants, checked from the store and the journals, and the figures.
// Usage: dotnet run -c Release --project bench/Errand.Chaos -- [--tasks 1000] [--kills 50] [--stops 1] [--workers 3]
//   [--concurrency 4] [--lease-ms 15000] [--task-ms 200] [--kill-every-ms 600] [--seed 7]
// Exit code 0 when every invariant held, 1 otherwise.
var work = Directory.CreateTempSubdirectory("errand-chaos-").FullName;
var options = new ChaosOptions
{
    ErrandDll = Path.Combine(AppContext.BaseDirectory, "errand.dll"),
    WorkDirectory = work,
    Store = ChaosStore.Sqlite(Path.Combine(work, "errand.db")),
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

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
