using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>errand submit with several files, after:, lint and show, and limits held by real worker processes.</summary>
public sealed class DependencyCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static TempGitRepo Repo()
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");
        return repo;
    }

    private static string Spec(TempGitRepo repo, string file, string front, string command = "true") =>
        repo.WriteSpec(file, $"title: {Path.GetFileNameWithoutExtension(file)}\nagent: command\ncommand: {command}\nverify: [true]\nbudget: {{ time: 1m }}\nsandbox: {{ backend: none }}\n{front}");

    [Fact]
    public async Task Submit_ThreeSpecsInACycle_RejectedNamingTheCycleAndNothingStored()
    {
        using var repo = Repo();
        var a = Spec(repo, "a.md", "name: a\nafter: c");
        var b = Spec(repo, "b.md", "name: b\nafter: a");
        var c = Spec(repo, "c.md", "name: c\nafter: [b]");

        var (code, _, all) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "submit", a, b, c);

        Assert.Equal(2, code);
        Assert.Contains("dependency cycle: a → c → b → a", all, StringComparison.Ordinal);
        Assert.Contains("a.md:10:", all, StringComparison.Ordinal);
        Assert.Contains("E073", all, StringComparison.Ordinal);
        var (lsCode, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls", "--json");
        Assert.Equal(0, lsCode);
        Assert.Equal(0, JsonDocument.Parse(ls).RootElement.GetArrayLength());
        var (lintCode, lint) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "lint", a, b, c);
        Assert.Equal(2, lintCode);
        Assert.Contains("a → c → b → a", lint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownRef_RejectedNamingIt()
    {
        using var repo = Repo();
        var a = Spec(repo, "a.md", "after: [deploy]");

        var (code, _, all) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "submit", a);

        Assert.Equal(2, code);
        Assert.Contains("after 'deploy'", all, StringComparison.Ordinal);
        Assert.Contains("E072", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ChainThenWorker_RunsInOrderAndShowListsBothSides()
    {
        using var repo = Repo();
        var build = Spec(repo, "build.md", "name: build");
        var test = Spec(repo, "test.md", "name: test\nafter: build");

        var (code, stdout, all) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "submit", test, build);
        Assert.True(code == 0, all);
        var ids = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        var (testId, buildId) = (ids[0].ToString(CultureInfo.InvariantCulture), ids[1].ToString(CultureInfo.InvariantCulture));

        var (_, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls");
        Assert.Contains($"waiting for #{buildId}", ls, StringComparison.Ordinal);
        var (_, shown) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "show", testId, "--json");
        var after = JsonDocument.Parse(shown).RootElement.GetProperty("after")[0];
        Assert.Equal((ids[1], "build", "queued"), (after.GetProperty("id").GetInt64(), after.GetProperty("name").GetString(), after.GetProperty("state").GetString()));
        var (_, shownBuild) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "show", buildId);
        Assert.Contains($"#{testId} (test) scheduled", shownBuild, StringComparison.Ordinal);

        await using var worker = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--poll", "100ms");
        var (waited, _) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", testId);
        Assert.Equal(0, waited);
    }

    [Fact]
    public async Task LimitsSetRepo1_TwoWorkerProcesses_TheRepositorysTasksNeverOverlap()
    {
        using var repo = Repo();
        var (setCode, set) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "limits", "set", "--repo", repo.RepoPath, "1");
        Assert.True(setCode == 0, set);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await ErrandProcess.SubmitAsync(repo.DataDir, repo.Root, Spec(repo, $"t{i}.md", "", "sleep 0.3"), Timeout)).ToString(CultureInfo.InvariantCulture));
        }

        await using (var one = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--concurrency", "3", "--poll", "100ms", "--id", "w1"))
        await using (var two = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--concurrency", "3", "--poll", "100ms", "--id", "w2"))
        {
            foreach (var id in ids)
            {
                var (waited, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", id);
                Assert.True(waited == 0, output);
            }
        }

        var (_, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls", "--json");
        var runs = JsonDocument.Parse(ls).RootElement.EnumerateArray()
            .Select(t => (Started: t.GetProperty("started_at").GetDateTimeOffset(), Finished: t.GetProperty("finished_at").GetDateTimeOffset()))
            .OrderBy(r => r.Started).ToList();
        Assert.Equal(4, runs.Count);
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Started >= runs[i - 1].Finished, $"run {i} started {runs[i].Started:O} before run {i - 1} finished {runs[i - 1].Finished:O}");
        }

        var (_, limits) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "limits", "ls", "--json");
        var limit = JsonDocument.Parse(limits).RootElement[0];
        Assert.Equal(("repo:" + repo.RepoPath, 1, 0), (limit.GetProperty("scope").GetString(), limit.GetProperty("max_running").GetInt32(), limit.GetProperty("running").GetInt32()));
    }
}
