using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>errand fleet run, show, ls and cancel against one data directory, with exit codes and --json.</summary>
public sealed class FleetCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task FleetRun_GlobOfFilesMergedFanIn_SucceedsAndShowListCancelReportIt()
    {
        using var repo = NewRepo();
        repo.WriteFile("src/a.txt", "a\n");
        repo.WriteFile("src/b.txt", "b\n");
        repo.WriteFile("src/skip.md", "no\n");
        repo.Commit("files");
        var spec = repo.WriteSpec("fleet.md", """
            title: Shout {{slice}}
            agent: command
            command: tr a-z A-Z < {{slice}} > {{slice}}.up
            verify: ["sh -c 'ls src/*.up > /dev/null'"]
            sandbox: { backend: none }
            fleet:
              glob: "src/*.txt"
              max_parallel: 2
              fan_in: merge
              branch: errand/shouted
            """);

        var (ran, stdout, _) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "fleet", "run", spec, "--json");

        Assert.Equal(0, ran);
        var fleet = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("succeeded", fleet.GetProperty("state").GetString());
        Assert.Equal(["src/a.txt", "src/b.txt"], fleet.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
        Assert.Equal("errand/shouted", fleet.GetProperty("report").GetProperty("integration_branch").GetString());
        Assert.Equal("A", repo.Git("show", "errand/shouted:src/a.txt.up"));
        Assert.Equal("B", repo.Git("show", "errand/shouted:src/b.txt.up"));
        var id = fleet.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var (listed, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "ls", "--json");
        Assert.Equal(0, listed);
        Assert.Equal(2, JsonDocument.Parse(ls).RootElement.EnumerateArray().Single().GetProperty("counts").GetProperty("succeeded").GetInt32());

        var (shown, show) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "show", id);
        Assert.Equal(0, shown);
        Assert.Contains("integration branch errand/shouted", show, StringComparison.Ordinal);
        Assert.Contains("merged", show, StringComparison.Ordinal);

        Assert.Equal(2, (await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "cancel", id)).ExitCode);
        Assert.Equal(3, (await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "show", "999")).ExitCode);
        Assert.Equal(3, (await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "cancel", "999")).ExitCode);
    }

    [Fact]
    public async Task FleetRun_ASliceFails_ExitsOneAndTheReportSaysWhich()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("fleet.md", """
            title: Check {{slice}}
            agent: command
            command: test {{slice}} != bad
            sandbox: { backend: none }
            fleet:
              slices: [good, bad, fine]
            """);

        var (ran, stdout, _) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "fleet", "run", spec, "--json");

        Assert.Equal(1, ran);
        var report = JsonDocument.Parse(stdout).RootElement.GetProperty("report");
        Assert.Equal(["succeeded", "failed", "succeeded"], report.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Equal(1, report.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task FleetRun_BadFanIn_ExitsTwoNamingLineAndField()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("fleet.md", "title: T {{slice}}\nagent: command\ncommand: true\nfleet:\n  slices: [a]\n  fan_in: merj");

        var (ran, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "run", spec);

        Assert.Equal(2, ran);
        Assert.Contains("fleet.md:8:11: error E050 [fleet.fan_in]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetRun_GlobMatchesNothing_ExitsTwoNamingTheGlob()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("fleet.md", "title: T {{slice}}\nagent: command\ncommand: true\nfleet:\n  glob: \"src/**/*.csproj\"");

        var (ran, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "run", spec);

        Assert.Equal(2, ran);
        Assert.Contains("error E061 [fleet.glob]: glob 'src/**/*.csproj' matches no file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FleetSpec_RefusedPointingAtFleetRun()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("best.md", "title: T\nagent: command\ncommand: true\nattempts: 3");

        var (ran, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "run", spec);

        Assert.Equal(2, ran);
        Assert.Contains("[attempts]: this spec runs as a best-of-N group: use `errand fleet run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetRun_PlannerWaitsForApproval_InboxShowsTheSlicesAndAnApprovalFromAnotherProcessRunsThem()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("fleet.md", """
            title: Check {{slice}}
            agent: command
            command: test -n {{slice}}
            sandbox: { backend: none }
            fleet:
              planner:
                agent: command
                command: "echo '[{\"slice\": \"alpha\", \"reason\": \"the first\"}, \"beta\"]'"
              max_parallel: 2
            """);
        await using var run = ErrandProcess.Start(repo.DataDir, repo.Root, "fleet", "run", spec);

        var waiting = await run.WaitForLineAsync(l => l.Contains("waiting for approval", StringComparison.Ordinal), Timeout);
        var planner = System.Text.RegularExpressions.Regex.Match(waiting, @"errand answer (\d+) approve").Groups[1].Value;
        var (listed, inbox) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "inbox");
        Assert.Equal(0, listed);
        Assert.Contains("1. alpha — the first", inbox, StringComparison.Ordinal);
        Assert.Contains("2. beta", inbox, StringComparison.Ordinal);
        var (shown, show) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "show", "1");
        Assert.Equal(0, shown);
        Assert.Contains($"planner #{planner} proposes 2 slices, waiting for approval", show, StringComparison.Ordinal);
        Assert.Equal(0, (await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "answer", planner, "approve")).ExitCode);

        Assert.Equal(0, await run.WaitForExitAsync(Timeout));
        var (_, json) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "fleet", "show", "1", "--json");
        var fleet = JsonDocument.Parse(json).RootElement;
        Assert.Equal("succeeded", fleet.GetProperty("state").GetString());
        Assert.Equal(["alpha", "beta"], fleet.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
        Assert.Equal("succeeded", fleet.GetProperty("planner").GetProperty("state").GetString());
    }

    private static TempGitRepo NewRepo()
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");
        return repo;
    }
}
