using Errand.Notifications.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Support;

/// <summary>A repository, a data directory with a config.yaml whose channels point at a loopback receiver, and the secrets they name.</summary>
internal sealed class NotifySetup : IAsyncDisposable
{
    public const string HookKey = "hook-key-Zq8w1x";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private NotifySetup(TempGitRepo repo, LoopbackReceiver receiver)
    {
        Repo = repo;
        Receiver = receiver;
    }

    public TempGitRepo Repo { get; }

    public LoopbackReceiver Receiver { get; }

    /// <summary>The secret store's key lives beside the data directory, as on a real host.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["ERRAND_SECRET_KEY_FILE"] = Path.Combine(Repo.Root, "keys", "secret.key"),
    };

    /// <summary>Writes <c>config.yaml</c> (its <c>notify:</c> section is <paramref name="notify"/>) and sets HOOK_KEY.</summary>
    public static async Task<NotifySetup> StartAsync(Func<Uri, string> notify)
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "notifications\n");
        repo.Commit("initial");
        var receiver = await LoopbackReceiver.StartAsync();
        Directory.CreateDirectory(repo.DataDir);
        File.WriteAllText(Path.Combine(repo.DataDir, "config.yaml"), notify(receiver.Url));
        var setup = new NotifySetup(repo, receiver);
        await setup.SetSecretAsync("HOOK_KEY", HookKey);
        return setup;
    }

    /// <summary>The task file: a command agent that succeeds at once, notifying the given channels.</summary>
    public string Spec(string channels) => Repo.WriteSpec("task.md", $$"""
        title: Notify when done
        agent: command
        command: echo done > done.txt
        verify: [test -f done.txt]
        sandbox: { backend: none }
        notify: [{{channels}}]
        """);

    public ErrandProcess Start(params string[] args) => ErrandProcess.Start(Repo.DataDir, Repo.Root, Environment, args);

    public async Task<(int Code, string Stdout, string All)> RunAsync(params string[] args)
    {
        await using var process = Start(args);
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Stdout, process.Output);
    }

    public async Task SetSecretAsync(string name, string value)
    {
        var (code, _, all) = await RunAsync("secret", "set", name, "--value", value);
        Assert.True(code == 0, all);
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        Repo.Dispose();
    }
}
