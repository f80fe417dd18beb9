using System.Collections;
using System.ComponentModel;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Errand.Workspaces.Git;

/// <summary>
/// Runs git so that neither the worker's environment nor the user's git config can change what it acts on or make
/// it run something else: no inherited repository variables, no system config, no prompts, no hooks.
/// </summary>
internal sealed class GitCli
{
    // After a cancel, git gets SIGINT first so it can remove its lock files (a killed fetch leaves ref locks
    // behind that block every later fetch of the mirror); only a git that ignores it is killed.
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    // Given on every invocation, so they beat anything in ~/.gitconfig: no hook, fsmonitor daemon, askpass program
    // or signing program ever runs as part of Errand's own git work. The -c values also reach the git processes
    // git itself starts (receive-pack on a local push), so the source repository's hooks do not run either.
    private static readonly string[] SafetyConfig =
    [
        "-c", "core.hooksPath=/dev/null",
        "-c", "core.fsmonitor=false",
        "-c", "core.askPass=",
        "-c", "commit.gpgSign=false",
        "-c", "tag.gpgSign=false",
        "-c", "advice.detachedHead=false",
    ];

    // GIT_* variables say which repository, index, object store or config git uses; inherited ones would make git
    // act on something other than the paths given. These few only say how to reach a remote, and are kept.
    private static readonly HashSet<string> KeptGitVariables = new(StringComparer.Ordinal)
    {
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSH_VARIANT",
        "GIT_CONFIG_GLOBAL",
    };

    private readonly string _executable;
    private readonly Dictionary<string, string?> _environment;

    public GitCli(string executable)
    {
        _executable = executable;
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith("GIT_", StringComparison.Ordinal) && !KeptGitVariables.Contains(name))
            {
                _environment[name] = null;
            }
        }

        _environment["GIT_TERMINAL_PROMPT"] = "0";
        _environment["GIT_CONFIG_NOSYSTEM"] = "1";

        // Stable English messages: a few failures are recognised by git's wording.
        _environment["LC_ALL"] = "C";
    }

    public Task<GitOutput> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(arguments, null, cancellationToken);

    public Task<GitOutput> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken) =>
        RunAsync(arguments, environment, null, cancellationToken);

    public async Task<GitOutput> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, string? standardInput, CancellationToken cancellationToken)
    {
        var env = _environment;
        if (environment is not null)
        {
            env = new Dictionary<string, string?>(_environment, StringComparer.Ordinal);
            foreach (var (key, value) in environment)
            {
                env[key] = value;
            }
        }

        var command = Cli.Wrap(_executable)
            .WithArguments([.. SafetyConfig, .. arguments])
            .WithEnvironmentVariables(env)
            .WithWorkingDirectory("/")
            .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromString(standardInput, Encoding.UTF8))
            .WithValidation(CommandResultValidation.None);

        using var forceful = new CancellationTokenSource();
        using var escalate = cancellationToken.Register(() => forceful.CancelAfter(KillGrace));
        try
        {
            var result = await command.ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, forceful.Token, cancellationToken);
            return new GitOutput(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new WorkspaceException($"could not run git ('{_executable}'); is it installed? {ex.Message}", ex);
        }
    }

    /// <summary>Runs git and turns a failure into a <see cref="WorkspaceException"/> saying what failed and git's reason.</summary>
    public Task<GitOutput> RunCheckedAsync(string failure, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunCheckedAsync(failure, arguments, null, null, cancellationToken);

    /// <summary>Runs git with extra environment and standard input; a failure is a <see cref="WorkspaceException"/>.</summary>
    public async Task<GitOutput> RunCheckedAsync(
        string failure, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, string? standardInput,
        CancellationToken cancellationToken)
    {
        var output = await RunAsync(arguments, environment, standardInput, cancellationToken);
        return output.ExitCode == 0 ? output : throw new WorkspaceException($"{failure}: {output.ErrorTail}");
    }
}
