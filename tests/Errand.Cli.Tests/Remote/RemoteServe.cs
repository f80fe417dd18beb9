using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Remote;

/// <summary>
/// A real <c>errand serve</c> process (SQLite store, loopback port, builtin agent on the scripted model) with an admin
/// and a read token, and the CLI run against it with <c>--server</c> from another data directory, so nothing a
/// command shows can come from a local store.
/// </summary>
internal sealed class RemoteServe : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private ErrandProcess _serve = null!;

    private RemoteServe()
    {
    }

    public TempGitRepo Repo { get; } = new();

    public string Server { get; private set; } = "";

    public string Admin { get; private set; } = "";

    public string Reader { get; private set; } = "";

    public string ClientHome => Path.Combine(Repo.Root, "client-home");

    /// <summary>The server's secret key file.</summary>
    public string KeyFile => Path.Combine(Repo.Root, "keys", "secret.key");

    /// <summary>
    /// Starts a server over a repository with one commit; <paramref name="model"/> is the scripted model's turns
    /// (model.yaml), <paramref name="config"/> the server's config.yaml when given.
    /// </summary>
    public static async Task<RemoteServe> StartAsync(string model, string? config = null)
    {
        var remote = new RemoteServe();
        if (config is not null)
        {
            Directory.CreateDirectory(remote.Repo.DataDir);
            await File.WriteAllTextAsync(Path.Combine(remote.Repo.DataDir, "config.yaml"), config);
        }

        remote.Repo.WriteFile("README.md", "a repository\n");
        remote.Repo.Commit("initial");
        await File.WriteAllTextAsync(Path.Combine(remote.Repo.Root, "model.yaml"), model);
        remote.Admin = await remote.CreateTokenAsync("ops", "admin");
        remote.Reader = await remote.CreateTokenAsync("viewer", "read");
        // The secret key (which also encrypts the dashboard's key ring) beside the repository, not in the real home.
        var key = new Dictionary<string, string> { ["ERRAND_SECRET_KEY_FILE"] = remote.KeyFile };
        remote._serve = ErrandProcess.Start(remote.Repo.DataDir, remote.Repo.Root, key, "serve", "--listen", "http://127.0.0.1:0", "--concurrency", "2");
        var listening = await remote._serve.WaitForLineAsync(l => l.Contains("listening on ", StringComparison.Ordinal), Patience);
        remote.Server = listening.Split("listening on ")[1].Split(',')[0];
        return remote;
    }

    /// <summary>A task file for the builtin agent on the scripted model, with an absolute repo (the server resolves no relative one).</summary>
    public string Spec(string title, string extra = "")
    {
        var path = Path.Combine(Repo.Root, $"{title.Replace(' ', '-')}.md");
        File.WriteAllText(path, $"""
            ---
            title: {title}
            repo: {Repo.RepoPath}
            agent: builtin
            model: scripted/{Path.Combine(Repo.Root, "model.yaml")}
            sandbox: {"{"} backend: none {"}"}
            {extra}
            ---
            Decide whether to ship.
            """);
        return path;
    }

    /// <summary>A task file whose agent is a command (<c>true</c> unless said), with an absolute repo.</summary>
    public string CommandSpec(string name, string command = "true", string extra = "")
    {
        var path = Path.Combine(Repo.Root, name);
        File.WriteAllText(path,
            $"---\ntitle: {Path.GetFileNameWithoutExtension(name)}\nrepo: {Repo.RepoPath}\nagent: command\ncommand: {command}\nverify: [true]\nsandbox: {{ backend: none }}\n{extra}\n---\nRun it.\n");
        return path;
    }

    /// <summary>The CLI against the server with the admin token.</summary>
    public Task<(int ExitCode, string Stdout, string All)> ErrandAsync(params string[] args) => AsAsync(Admin, args);

    /// <summary>The CLI against the server with <paramref name="token"/>.</summary>
    public Task<(int ExitCode, string Stdout, string All)> AsAsync(string token, params string[] args) =>
        ErrandProcess.RunCapturedAsync(ClientHome, Repo.Root, Patience, [.. args, "--server", Server, "--token", token]);

    /// <summary>The CLI on the server's own store, as on the store's host (no <c>--server</c>).</summary>
    public Task<(int ExitCode, string Stdout, string All)> LocalAsync(params string[] args) =>
        ErrandProcess.RunCapturedAsync(Repo.DataDir, Repo.Root, Patience, args);

    /// <summary>Standard error's lines: all the output's, less standard output's, in order.</summary>
    public static List<string> Stderr((int ExitCode, string Stdout, string All) run)
    {
        var stdout = new Queue<string>(run.Stdout.Split('\n'));
        var lines = new List<string>();
        foreach (var line in run.All.Split('\n'))
        {
            if (stdout.TryPeek(out var next) && next == line)
            {
                stdout.Dequeue();
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The CLI's standard output against the server with the admin token; fails the test unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, stdout, all) = await ErrandAsync(args);
        Assert.True(code == 0, $"errand {string.Join(' ', args)} exited {code}:\n{all}\n--- server ---\n{_serve.Output}");
        return stdout;
    }

    /// <summary>Runs the CLI expecting <paramref name="exitCode"/>; its standard output and error.</summary>
    public async Task<string> FailsAsync(int exitCode, params string[] args)
    {
        var (code, _, all) = await ErrandAsync(args);
        Assert.True(code == exitCode, $"errand {string.Join(' ', args)} exited {code}, not {exitCode}:\n{all}");
        return all;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static long IdOf(string printed) => long.Parse(printed.Trim(), CultureInfo.InvariantCulture);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _serve.DisposeAsync();
        Repo.Dispose();
    }

    private async Task<string> CreateTokenAsync(string name, string scope)
    {
        var (code, stdout, all) = await ErrandProcess.RunCapturedAsync(Repo.DataDir, Repo.Root, Patience, "token", "create", "--name", name, "--scope", scope);
        Assert.True(code == 0, all);
        return stdout.Trim();
    }
}
