using System.Collections;
using System.Diagnostics;

namespace Errand.Workspaces.Tests.Support;

/// <summary>Runs git for test set-up, isolated from the machine's git config and with a fixed identity.</summary>
internal static class TestGit
{
    public static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith("GIT_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_AUTHOR_NAME"] = "Test User";
        start.Environment["GIT_AUTHOR_EMAIL"] = "test@example.com";
        start.Environment["GIT_COMMITTER_NAME"] = "Test User";
        start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} in {directory} failed: {await stderr}");
        }

        return (await stdout).TrimEnd('\n');
    }
}
