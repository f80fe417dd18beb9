using Errand.Application;
using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Engine.Secrets;
using Errand.Engine.Workers;
using Errand.Mcp;
using Errand.Observability;
using Errand.Server;
using Errand.Server.Auth;
using Errand.Server.Hosting;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand serve</c>: the API, workers (with the scheduler) and the notification dispatcher in one process. Ctrl+C or
/// SIGTERM stops it gracefully: the API stops taking requests, running tasks get the shutdown timeout, then are handed back.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var listen = new Option<string>("--listen") { Description = "Where to listen, http://HOST:PORT (loopback by default)", DefaultValueFactory = _ => ServerOptions.DefaultListen };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Tasks run at once by this process's worker (0: run none, API only)", DefaultValueFactory = _ => 4 };
        var grace = new Option<string>("--shutdown-timeout") { Description = "On stop, how long running tasks may finish before they are handed back", DefaultValueFactory = _ => "30s" };
        var rate = new Option<string>("--submit-rate") { Description = "Submissions allowed per token, as N/WINDOW (e.g. 60/1m)", DefaultValueFactory = _ => "60/1m" };
        var command = new Command("serve", "Serve the REST API (with workers, the scheduler and notifications) in one process") { listen, concurrency, grace, rate };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            if (!SubmitRateLimit.TryParse(parse.GetValue(rate)!, t => CliDuration.TryParse(t, out var d) ? d : null, out var limit))
            {
                await Console.Error.WriteLineAsync($"errand serve: --submit-rate '{parse.GetValue(rate)}': expected N/WINDOW, e.g. 60/1m");
                return ExitCodes.InvalidInput;
            }

            if (!CliDuration.TryParse(parse.GetValue(grace)!, out var shutdown) || parse.GetValue(concurrency) < 0
                || !Uri.TryCreate(parse.GetValue(listen), UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttp)
            {
                await Console.Error.WriteLineAsync("errand serve: --listen must be http://HOST:PORT, --concurrency 0 or more, --shutdown-timeout a duration");
                return ExitCodes.InvalidInput;
            }

            var config = await ConfigLoading.LoadOrReportAsync(host, "serve");
            if (config is null)
            {
                return ExitCodes.InvalidInput;
            }

            var secrets = new SecretStore(host.DataDirectory);
            KeyRingCipher keyRing;
            try
            {
                keyRing = await KeyRingCipher.OpenAsync(host.Store, secrets, ct);
            }
            catch (SecretStoreException ex)
            {
                await Console.Error.WriteLineAsync($"errand serve: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            using var stop = new StopSignal(ct);
            var engine = host.EngineServices(SharedGitRemote.Resolve(null, config));
            var app = ErrandServer.Build(
                new ServerServices(host.Store, host.Transitions, host.Time, host.Logging)
                {
                    Secrets = secrets.ListAsync,
                    NotificationTest = (channel, token) => NotificationTester.TestAsync(host, host.Watch(config), channel, token),
                    Workspaces = engine.Workspaces,
                    KeyRing = keyRing,
                },
                new ServerOptions
                {
                    Listen = parse.GetValue(listen)!,
                    SubmitLimit = limit,
                    Extensions = [new MetricsServerExtension(config.Telemetry, Environment.GetEnvironmentVariable), new McpServerExtension()],
                });
            await using (app)
            {
                Worker? worker = null;
                if (parse.GetValue(concurrency) > 0)
                {
                    worker = new Worker(engine, new WorkerOptions
                    {
                        Concurrency = parse.GetValue(concurrency),
                        ShutdownTimeout = shutdown,
                        StuckAfter = config.Notify.StuckAfter,
                    });
                    worker.Start();
                }

                await using var notifications = NotificationService.Start(host, config);
                await app.StartAsync(stop.Token);
                Console.WriteLine($"errand serve: listening on {ErrandServer.Address(app)}, worker {worker?.WorkerId ?? "none"}, data {host.DataDirectory}");
                Console.WriteLine($"errand serve: dashboard at {ErrandServer.Address(app)} — sign in with a token from `errand token create --name NAME --scope admin` (or read)");
                await stop.WaitAsync();
                Console.WriteLine("errand serve: stopping");
                await app.StopAsync(CancellationToken.None);
                if (worker is not null)
                {
                    await worker.StopAsync(CancellationToken.None);
                    await worker.DisposeAsync();
                }

                Console.WriteLine("errand serve: stopped");
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
