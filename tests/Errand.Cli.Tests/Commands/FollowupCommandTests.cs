using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>`errand followup`: a finished task takes another instruction and continues on its branch.</summary>
public sealed class FollowupCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Followup_SucceededTask_ContinuesOnItsBranch_AndIsVerifiedAgain()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile(".errand/script.yaml", """
            - tools: [ { write_file: { path: a.txt, content: a } } ]
            - tools: [ { finish: { summary: wrote a.txt } } ]
            - expect: also write b.txt
              tools: [ { write_file: { path: b.txt, content: b } } ]
            - tools: [ { finish: { summary: wrote b.txt too } } ]
            """);
        repo.Commit("initial");
        var spec = repo.WriteSpec("t.md",
            "title: Files\nagent: builtin\nmodel: scripted/.errand/script.yaml\nverify: [test -f a.txt]\nbudget: { steps: 5 }\nsandbox: { backend: none }");
        var (runCode, run) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "run", spec);
        Assert.True(runCode == 0, run);

        var (code, said) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "followup", "1", "also write b.txt");
        Assert.True(code == 0, said);
        await using (var worker = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--poll", "50ms"))
        {
            var (waitCode, wait) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", "1", "--timeout", "90s");
            Assert.True(waitCode == 0, wait + "\n" + worker.Output);
        }

        var (_, show) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "show", "1", "--json");
        var branch = JsonDocument.Parse(show).RootElement.GetProperty("branch").GetString()!;
        Assert.Equal("b", repo.Git("show", $"{branch}:b.txt"));
        Assert.Equal("a", repo.Git("show", $"{branch}:a.txt"));
    }

    [Theory]
    [InlineData(new[] { "followup", "1" }, 2, "give the follow-up instruction")]
    [InlineData(new[] { "followup", "1", "more", "--file", "x.md" }, 2, "no file 'x.md'")]
    [InlineData(new[] { "followup", "4242", "more" }, 3, "no task #4242")]
    public async Task Followup_BadInput_ExitsWithAClearMessage(string[] args, int expected, string message)
    {
        using var repo = new TempGitRepo();

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, args);

        Assert.Equal(expected, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
