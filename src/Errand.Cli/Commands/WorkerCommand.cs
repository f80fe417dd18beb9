using Errand.Application;
using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;
using Errand.Observability;
using Errand.Workspaces;

namespace Errand.Cli.Commands;

/// <summary><c>errand worker</c>: claim and run tasks until stopped (Ctrl+C or SIGTERM stops gracefully).</summary>
internal static class WorkerCommand
{
    public static Command Create(GlobalOptions global)
    {
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Tasks run at once", DefaultValueFactory = _ => 4 };
        var lease = new Option<string>("--lease") { Description = "Lease duration; a dead worker's tasks are reclaimed after this", DefaultValueFactory = _ => "15s" };
        var poll = new Option<string>("--poll") { Description = "How often to look for work other processes queued", DefaultValueFactory = _ => "250ms" };
        var grace = new Option<string>("--shutdown-timeout") { Description = "On stop, how long running tasks may finish before they are handed back", DefaultValueFactory = _ => "30s" };
        var id = new Option<string?>("--id") { Description = "Worker id (default: host-pid-random)" };
        var keep = new Option<bool>("--keep-workspaces") { Description = "Keep workspace directories after tasks end" };
        var gitRemote = new Option<string?>("--git-remote")
        {
            Description = $"A git remote shared with workers on other hosts (bare repository path or URL; default: ${SharedGitRemote.Variable}, else workers.git_remote in the config file): checkpoints and task branches are pushed there, and resumed tasks fetch from there",
        };
        var command = new Command("worker", "Run a worker: claim queued tasks and run them") { concurrency, lease, poll, grace, id, keep, gitRemote };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var config = await ConfigLoading.LoadOrReportAsync(host, "worker");
            if (config is null)
            {
                return ExitCodes.InvalidInput;
            }

            WorkerOptions options;
            EngineServices services;
            try
            {
                services = host.EngineServices(SharedGitRemote.Resolve(parse.GetValue(gitRemote), config));
                options = new WorkerOptions
                {
                    Concurrency = parse.GetValue(concurrency),
                    LeaseDuration = ParseDuration("--lease", parse.GetValue(lease)!),
                    PollInterval = ParseDuration("--poll", parse.GetValue(poll)!),
                    ShutdownTimeout = ParseDuration("--shutdown-timeout", parse.GetValue(grace)!),
                    KeepWorkspaces = parse.GetValue(keep),
                };
                if (parse.GetValue(id) is { Length: > 0 } workerId)
                {
                    options = options with { WorkerId = workerId };
                }

                options.Validate();
            }
            catch (Exception ex) when (ex is ArgumentException or WorkspaceException)
            {
                await Console.Error.WriteLineAsync($"errand worker: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            using var stop = new StopSignal(ct);

            // Disposed after the worker (declared before it): what the last tasks recorded is flushed.
            using var telemetry = TelemetryExport.Start(config.Telemetry, Environment.GetEnvironmentVariable);
            await using var worker = new Worker(services, options with { StuckAfter = config.Notify.StuckAfter });
            worker.Start();
            await using var notifications = NotificationService.Start(host, config);
            var shared = (services.Workspaces as GitWorkspaceProvider)?.SharedRemoteDisplay is { } remote ? $", git remote {remote} (installation {host.Installation})" : "";
            Console.WriteLine($"worker {worker.WorkerId} started: concurrency {options.Concurrency}, lease {options.LeaseDuration.TotalSeconds}s, data {host.DataDirectory}{shared}");
            await stop.WaitAsync();
            Console.WriteLine($"worker {worker.WorkerId} stopping: {worker.RunningCount} tasks running");
            await worker.StopAsync(CancellationToken.None);
            Console.WriteLine($"worker {worker.WorkerId} stopped");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static TimeSpan ParseDuration(string option, string text) =>
        CliDuration.TryParse(text, out var value) ? value : throw new ArgumentException($"{option}: '{text}' is not a duration (e.g. 500ms, 15s, 2m)");
}
