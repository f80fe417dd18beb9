using Errand.Agents;
using Errand.Agents.Builtin;
using Errand.Agents.Cli;
using Errand.Agents.Cli.ClaudeCode;
using Errand.Agents.Cli.Codex;
using Errand.Agents.Command;
using Errand.Agents.Models;
using Errand.Engine.Runtime;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Notifications;
using Errand.Notifications.Configuration;
using Errand.Notifications.Routing;
using Errand.Sandboxing.Bubblewrap;
using Errand.Sandboxing.None;
using Errand.Storage;
using Errand.Workspaces;
using Microsoft.Extensions.Logging;

namespace Errand.Cli.Hosting;

/// <summary>Everything a command needs, opened from the data directory: the store, and what runs tasks.</summary>
internal sealed class ErrandHost : IAsyncDisposable
{
    private ErrandHost(string dataDirectory, IErrandStore store, string installation, ILoggerFactory logging, TimeProvider time)
    {
        DataDirectory = dataDirectory;
        Store = store;
        Installation = installation;
        Logging = logging;
        Time = time;
    }

    public string DataDirectory { get; }

    public IErrandStore Store { get; }

    /// <summary>The store's installation id: this installation's prefix on a shared git remote.</summary>
    public string Installation { get; }

    /// <summary>State changes, their notifications routed by the config file.</summary>
    public TaskTransitions Transitions => field ??= new TaskTransitions(Store, Routes);

    /// <summary>
    /// Notification routes from the config file: as it is now once <see cref="Watch"/> was called (a long-running
    /// command), else as it was when first needed.
    /// </summary>
    public INotificationRoutes Routes => field ??= Config is { } watched ? new WatchedRoutes(watched) : ConfigLoading.RoutesOf(this);

    /// <summary>The config file followed by <see cref="Watch"/>, or null.</summary>
    public ConfigWatcher? Config { get; private set; }

    public ILoggerFactory Logging { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Follows the config file from <paramref name="loaded"/> (read from it and checked) on: this process routes and
    /// delivers notifications, and tests channels, by the file as it is now. Called before anything is routed.
    /// </summary>
    public ConfigWatcher Watch(ErrandConfig loaded)
    {
        if (Config is null)
        {
            Config = new ConfigWatcher(ConfigLoading.PathOf(this), loaded, Logging.CreateLogger<ConfigWatcher>());
        }

        return Config;
    }

    /// <summary>Opens the host on the store a usable <see cref="StoreLocation"/> names (<c>sqlite</c>: the data directory's).</summary>
    public static async Task<ErrandHost> OpenAsync(string dataDirectory, string store, bool verbose, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var time = TimeProvider.System;
        // Made directly, not through LoggerFactory.Create: that builds a dependency-injection container and options
        // machinery first, tens of milliseconds of every command's start for a factory with one provider.
        var logging = new LoggerFactory(
            [new StderrLoggerProvider(verbose ? LogLevel.Debug : LogLevel.Warning, time)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var opened = await StoreLocation.OpenAsync(store, dataDirectory, time, logging, cancellationToken);
        try
        {
            return new ErrandHost(dataDirectory, opened, await opened.InstallationIdAsync(cancellationToken), logging, time);
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a worker in this process runs tasks with.</summary>
    /// <param name="sharedRemote">The git remote shared with workers on other hosts (see <see cref="SharedGitRemote"/>), or null.</param>
    public EngineServices EngineServices(string? sharedRemote = null) => new(
        Store,
        new GitWorkspaceProvider(new GitWorkspaceOptions { Root = DataDirectory, SharedRemote = sharedRemote, InstallationId = Installation }),
        [new BubblewrapSandboxProvider(new BubblewrapOptions
        {
            TimeProvider = Time,
            HiddenPaths = [DataDirectory, Path.GetDirectoryName(new SecretStoreOptions().ResolveKeyFile())!],
        }), new NoneSandboxProvider(Time)],
        AgentRuntimes(LoadModelOptions()))
    {
        Installation = Installation,
        Time = Time,
        Logging = Logging,
        Secrets = new SecretStore(DataDirectory),
        NotificationRoutes = Routes,
    };

    // The CLI agents share the builtin's model configuration; their per-task session state lives in the data directory.
    private IAgentRuntime[] AgentRuntimes(ModelOptions models)
    {
        var cli = CliAgentOptions.FromEnvironment(Environment.GetEnvironmentVariable, models, Path.Combine(DataDirectory, "agent-state"));
        return [new CommandAgentRuntime(), new CommandTemplateRuntime(), new BuiltinAgentRuntime(new ChatClientFactory(models)), new ClaudeCodeRuntime(cli), new CodexRuntime(cli)];
    }

    /// <summary>
    /// Model endpoints and keys from the environment (OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY,
    /// ANTHROPIC_BASE_URL, ERRAND_SCRIPTED_PATH); the price table and the context windows from <c>models.yaml</c> in the
    /// data directory.
    /// </summary>
    private ModelOptions LoadModelOptions()
    {
        var models = Path.Combine(DataDirectory, "models.yaml");
        return ModelOptions.FromEnvironment(Environment.GetEnvironmentVariable, ModelPriceTable.Load(models), ModelContextWindows.Load(models));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Logging.Dispose();
    }
}
