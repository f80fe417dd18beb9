using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>`errand extend`: a task stopped by its budget ends partial (exit 4), is extended, and a worker finishes it.</summary>
public sealed class ExtendCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Extend_PartialTask_ResumesFromItsCheckpointAndFinishes()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.WriteFile(".errand/script.yaml", """
            - tools: [ { write_file: { path: a.txt, content: a } } ]
            - tools: [ { write_file: { path: b.txt, content: b } } ]
            - tools: [ { write_file: { path: c.txt, content: c } } ]
            - tools: [ { finish: { summary: wrote a, b and c } } ]
            """);
        repo.Commit("initial");
        var spec = repo.WriteSpec("t.md",
            "title: Three files\nagent: builtin\nmodel: scripted/.errand/script.yaml\nverify: [test -f c.txt]\nbudget: { steps: 2 }\nsandbox: { backend: none }");

        var (runCode, run) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "run", spec);
        Assert.True(runCode == 4, run);
        Assert.Contains("step budget of 2 used up", run, StringComparison.Ordinal);

        var (extendCode, extend) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "extend", "1", "--steps", "5");
        Assert.True(extendCode == 0, extend);
        Assert.Contains("budget is now steps 7", extend, StringComparison.Ordinal);

        await using (var worker = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--poll", "50ms"))
        {
            var (waitCode, wait) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", "1", "--timeout", "90s");
            Assert.True(waitCode == 0, wait + "\n" + worker.Output);
        }

        var (_, logs) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "logs", "1");
        Assert.Equal(4, logs.Split('\n').Count(l => l.Contains("model turn:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(new[] { "extend", "1" }, 2, "say what to extend")]
    [InlineData(new[] { "extend", "1", "--steps", "-3" }, 2, "--steps '-3'")]
    [InlineData(new[] { "extend", "1", "--time", "soon" }, 2, "--time 'soon'")]
    [InlineData(new[] { "extend", "4242", "--steps", "3" }, 3, "no task #4242")]
    public async Task Extend_BadInput_ExitsWithAClearMessage(string[] args, int expected, string message)
    {
        using var repo = new TempGitRepo();

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, args);

        Assert.Equal(expected, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
