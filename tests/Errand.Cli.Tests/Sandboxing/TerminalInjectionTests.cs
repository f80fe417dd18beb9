using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Sandboxing;

/// <summary>
/// TIOCSTI (CVE-2017-5226): a process that shares the user's terminal can push keystrokes into it, which the user's
/// shell runs after Errand exits. It takes a controlling terminal to try, so `errand run` is started the way a user
/// starts it, in a terminal: under `script`, which gives it a real pseudo-terminal as its controlling terminal.
/// </summary>
public sealed class TerminalInjectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Tries the controlling terminal and each standard stream; prints what happened to each.
    private const string Inject =
        "import fcntl, os, termios\n"
        + "fds = []\n"
        + "try:\n    fds.append(os.open('/dev/tty', os.O_RDWR))\nexcept OSError as e:\n    print('tty-refused', e.errno)\n"
        + "for fd in fds + [0, 1, 2]:\n"
        + "    try:\n        [fcntl.ioctl(fd, termios.TIOCSTI, bytes([c])) for c in b'echo PWNED\\n']\n        print('injected', fd)\n"
        + "    except OSError as e:\n        print('refused', fd, e.errno)\n";

    [Fact]
    public async Task Run_InATerminal_TheSandboxedAgentCannotInjectKeystrokes()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("inject.py", Inject);
        repo.Commit("the attack");
        var spec = repo.WriteSpec("task.md",
            "title: Inject\nagent: command\ncommand: /usr/bin/python3 inject.py > result.txt 2>&1\nprotect: [inject.py]\nbudget: { time: 2m }\nverify: [test -s result.txt]");

        // The control: the same script, in the same kind of terminal, without a sandbox. Where the kernel still
        // allows TIOCSTI at all, it must succeed, or this test could not tell a blocked attack from a broken one.
        var control = await InTerminalAsync(repo.Root, $"/usr/bin/python3 {Path.Combine(repo.RepoPath, "inject.py")}");
        if (await File.ReadAllTextAsync("/proc/sys/dev/tty/legacy_tiocsti") is "1\n")
        {
            Assert.Contains("injected", control, StringComparison.Ordinal);
        }

        var errand = $"dotnet {Path.Combine(AppContext.BaseDirectory, "errand.dll")} run {spec} --json";
        var output = await InTerminalAsync(repo.RepoPath, errand, ("ERRAND_HOME", repo.DataDir));

        // Lint warnings may come first; the task view is the JSON object that starts on a line of its own.
        var json = output[Regex.Match(output, @"(?m)^\{\r?$").Index..];
        var branch = JsonDocument.Parse(json).RootElement.GetProperty("branch").GetString()!;
        var result = repo.Git("show", $"{branch}:result.txt");
        Assert.DoesNotContain("injected", result, StringComparison.Ordinal);
        Assert.Contains("tty-refused", result, StringComparison.Ordinal);
        Assert.Contains("refused 0", result, StringComparison.Ordinal);
        Assert.DoesNotContain("PWNED", output, StringComparison.Ordinal);
    }

    // Runs a shell line as the only process of a new terminal session (`script -e` passes its exit code on) and
    // returns what the terminal showed.
    private static async Task<string> InTerminalAsync(string workingDirectory, string commandLine, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-q", "-e", "-c", commandLine, "/dev/null"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        var all = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"`{commandLine}` in a terminal exited {process.ExitCode}:\n{all}");
        return all;
    }
}
