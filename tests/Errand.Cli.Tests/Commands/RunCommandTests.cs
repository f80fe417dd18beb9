using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>`errand run` on the shipped example, end to end: real git, the command agent, Errand's own checks.</summary>
public sealed class RunCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static TempGitRepo RepoWithExample()
    {
        var repo = new TempGitRepo();
        var example = Path.Combine(RepoRoot.Find(), "examples", "fix-greeting");
        foreach (var file in Directory.GetFiles(example))
        {
            repo.WriteFile(Path.Combine("examples", "fix-greeting", Path.GetFileName(file)), File.ReadAllText(file));
        }

        repo.Commit("the example");
        return repo;
    }

    [Fact]
    public async Task Run_Example_FixesRepoAndExitsZeroWithBranchCommitAndChecks()
    {
        using var repo = RepoWithExample();
        var spec = Path.Combine(repo.RepoPath, "examples", "fix-greeting", "task.md");
        Assert.NotEqual("Hello, world!", repo.Git("show", "HEAD:examples/fix-greeting/greet.sh").Split('"')[1]);

        var (code, stdout, all) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.RepoPath, Timeout, "run", spec, "--json");
        Assert.True(code == 0, all);
        var id = JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetInt64();

        var (showCode, show) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(0, showCode);
        var root = JsonDocument.Parse(show).RootElement;
        Assert.Equal("succeeded", root.GetProperty("state").GetString());
        var branch = root.GetProperty("branch").GetString()!;
        var commit = root.GetProperty("commit").GetString()!;
        Assert.StartsWith($"errand/{id}-fix-the-greeting", branch, StringComparison.Ordinal);
        Assert.Equal(commit, repo.Git("rev-parse", branch));
        Assert.Contains("Hello, world!", repo.Git("show", $"{branch}:examples/fix-greeting/greet.sh"), StringComparison.Ordinal);
        var check = root.GetProperty("result").GetProperty("checks")[0];
        Assert.Equal("greeting", check.GetProperty("name").GetString());
        Assert.Equal(0, check.GetProperty("exit_code").GetInt32());
        Assert.Equal(1, root.GetProperty("result").GetProperty("diff_stat").GetProperty("files_changed").GetInt32());
        Assert.Equal("verified", root.GetProperty("result").GetProperty("done_when")[0].GetProperty("status").GetString());
        // The built-in agent did the work on the demo model: read, ran the failing test, edited, ran it again.
        var (_, logs) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "logs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var tool in (string[])["read_file", "run_command", "edit_file", "finish"])
        {
            Assert.Contains($"tool call {tool}", logs, StringComparison.Ordinal);
        }

        Assert.Contains("FAIL: expected 'Hello, world!', got 'Helo, world!'", logs, StringComparison.Ordinal);
        Assert.Equal(5, logs.Split('\n').Count(l => l.Contains("model turn:", StringComparison.Ordinal)));
        // The user's own branch is untouched: the work is only on the task branch.
        Assert.Contains("Helo", repo.Git("show", "main:examples/fix-greeting/greet.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_VerifyFails_EndsFailedWithNonZeroExitAndTheCheckOutput()
    {
        using var repo = RepoWithExample();
        var spec = Path.Combine(repo.RepoPath, "examples", "fix-greeting", "no-fix.md");

        var (code, all) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "run", spec);

        Assert.Equal(1, code);
        Assert.Contains("failed", all, StringComparison.Ordinal);
        Assert.Contains("verify failed: 'greeting' exited 1", all, StringComparison.Ordinal);
        var (_, show) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "show", "1", "--json");
        var root = JsonDocument.Parse(show).RootElement;
        Assert.Equal("failed", root.GetProperty("state").GetString());
        Assert.Equal(1, root.GetProperty("result").GetProperty("checks")[0].GetProperty("exit_code").GetInt32());
        Assert.Equal("failed", root.GetProperty("result").GetProperty("done_when")[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("gpt-5-mini")]
    [InlineData("openai/")]
    [InlineData("openai/gpt 5")]
    public async Task Run_ModelOverrideNotProviderSlashModel_ExitsTwoAndQueuesNothing(string model)
    {
        using var repo = RepoWithExample();
        var spec = Path.Combine(repo.RepoPath, "examples", "fix-greeting", "task.md");

        var (code, all) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "run", spec, "--model", model);

        Assert.Equal(2, code);
        Assert.Contains($"[model]: model '{model}' must be provider/model", all, StringComparison.Ordinal);
        var (lsCode, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "ls", "--json");
        Assert.Equal(0, lsCode);
        Assert.Equal("[]", ls.Trim());
    }

    [Fact]
    public async Task Run_ModelOverride_RunsTheSameTaskOnTheOtherModel()
    {
        using var repo = RepoWithExample();
        repo.WriteFile("other-model.yaml", "- tools: [ { finish: { summary: gave up at once } } ]\n");
        repo.Commit("another model");
        var spec = Path.Combine(repo.RepoPath, "examples", "fix-greeting", "task.md");

        var (code, all) = await ErrandProcess.RunAsync(repo.DataDir, repo.RepoPath, Timeout, "run", spec, "--model", "scripted/other-model.yaml");

        // The other model claims success without fixing anything: Errand's own check says otherwise.
        Assert.Equal(1, code);
        Assert.Contains("gave up at once", all, StringComparison.Ordinal);
        Assert.Contains("verify failed: 'greeting' exited 1", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidSpec_ExitsTwoNamingLineAndFieldAndQueuesNothing()
    {
        using var repo = new TempGitRepo();
        var spec = repo.WriteSpec("bad.md", "title: Bad budget\nagent: command\ncommand: true\nbudget: { time: -5m }");

        var (code, all) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "run", spec);

        Assert.Equal(2, code);
        Assert.Contains("bad.md:6:", all, StringComparison.Ordinal);
        Assert.Contains("budget.time", all, StringComparison.Ordinal);
        var (_, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls", "--json");
        Assert.Equal(0, JsonDocument.Parse(ls).RootElement.GetArrayLength());
    }
}
