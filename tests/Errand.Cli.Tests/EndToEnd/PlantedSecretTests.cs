using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 3's must-show: a task whose agent prints a planted secret, run through the real CLI in the default
/// bubblewrap sandbox; then every byte Errand wrote — each command's output and every file under the data
/// directory, git objects decompressed — is searched for the value and its encodings.
/// </summary>
public sealed class PlantedSecretTests : IDisposable
{
    private const string Name = "PLANTED_TOKEN";
    private const string Value = "pl4nted-S3cret/v4lue+more=42";
    private const string Placeholder = "[redacted:PLANTED_TOKEN]";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TempGitRepo _repo = new();

    private string KeyFile => Path.Combine(_repo.Root, "keys", "secret.key");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Run_AgentPrintsPlantedSecret_NoOutputAndNoFileInTheDataDirHoldsIt()
    {
        _repo.WriteFile("README.md", "a repository\n");
        _repo.Commit("initial");
        // The agent only prints the value (as is, base64, URL-encoded, on stdout and stderr) and so does the
        // check. It writes nothing but the value's hash to the repository: a value written to a file would end in
        // the task's commit, which is the agent's work, not a leak by Errand.
        var spec = _repo.WriteSpec("task.md", """
            title: Print the planted secret
            agent: command
            command: |
              printf '%s' "$PLANTED_TOKEN" | sha256sum | cut -d' ' -f1 > seen.sha256
              echo "raw: $PLANTED_TOKEN"
              echo "on stderr: $PLANTED_TOKEN" >&2
              echo "base64: $(printf '%s' "$PLANTED_TOKEN" | base64 -w0)"
              echo "url: $(printf '%s' "$PLANTED_TOKEN" | sed -e 's|/|%2F|g' -e 's|+|%2B|g' -e 's|=|%3D|g')"
            verify:
              - name: check
                run: echo "the check saw $PLANTED_TOKEN"
            secrets: [PLANTED_TOKEN]
            budget: { time: 5m }
            """);
        var outputs = new List<(string Command, string Output)>();

        await using (var set = Start("secret", "set", Name))
        {
            await set.WriteInputAndCloseAsync(Value + "\n");
            Assert.Equal(0, await set.WaitForExitAsync(Timeout));
            outputs.Add(("secret set", set.Output));
        }

        var (code, _, run) = await RunAsync("run", spec, "--verbose");
        outputs.Add(("run", run));
        Assert.True(code == 0, run);
        Assert.Contains($"raw: {Placeholder}", run, StringComparison.Ordinal);

        const string Id = "1";
        (code, var showJson, var all) = await RunAsync("show", Id, "--json");
        outputs.Add(("show --json", all));
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(showJson).RootElement;
        Assert.Equal("succeeded", root.GetProperty("state").GetString());
        Assert.Equal($"the check saw {Placeholder}", root.GetProperty("result").GetProperty("checks")[0].GetProperty("output_tail").GetString());

        (code, _, all) = await RunAsync("show", Id);
        outputs.Add(("show", all));
        Assert.Equal(0, code);

        (code, _, var logs) = await RunAsync("logs", Id);
        outputs.Add(("logs", logs));
        Assert.Equal(0, code);
        foreach (var line in new[] { "raw: ", "on stderr: ", "base64: ", "url: " })
        {
            Assert.Contains(line + Placeholder, logs, StringComparison.Ordinal);
        }

        Assert.Contains("secrets injected: PLANTED_TOKEN", logs, StringComparison.Ordinal);

        // The agent had the real value in its environment...
        var branch = root.GetProperty("branch").GetString()!;
        Assert.Equal(Sha256(Value), _repo.Git("show", $"{branch}:seen.sha256"));

        // ...and nothing Errand wrote or printed holds it in any form.
        var leaks = outputs.SelectMany(o => SecretTrace.FindIn(o.Output, Value, $"the output of `errand {o.Command}`")).ToList();
        leaks.AddRange(SecretTrace.FindInDirectory(_repo.DataDir, Value));
        leaks.AddRange(SecretTrace.FindInDirectory(Path.Combine(_repo.RepoPath, ".git"), Value));
        Assert.Empty(leaks);
        Assert.Contains(Directory.EnumerateFiles(_repo.DataDir, "*", SearchOption.AllDirectories), f => f.EndsWith("errand.db-wal", StringComparison.Ordinal) || f.EndsWith("errand.db", StringComparison.Ordinal));
    }

    private ErrandProcess Start(params string[] args) =>
        ErrandProcess.Start(_repo.DataDir, _repo.Root, new Dictionary<string, string> { ["ERRAND_SECRET_KEY_FILE"] = KeyFile }, [.. args, "--data-dir", _repo.DataDir]);

    /// <summary>Runs errand; returns its exit code, its standard output, and all it printed (stdout and stderr).</summary>
    private async Task<(int Code, string Stdout, string All)> RunAsync(params string[] args)
    {
        await using var process = Start(args);
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Stdout, process.Output);
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
