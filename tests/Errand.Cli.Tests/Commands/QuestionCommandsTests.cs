using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>`errand run`, `wait`, `inbox` and `answer` around a task that asks a human.</summary>
public sealed class QuestionCommandsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempGitRepo _repo = new();

    public QuestionCommandsTests()
    {
        _repo.WriteFile("model.yaml", """
            turns:
              - tools: [ { ask_human: { question: "Ship on Friday?", options: [yes, no] } } ]
              - expect: "answered: no"
                tools: [ { finish: { summary: waited for Monday } } ]
            """);
        _repo.Commit("initial");
    }

    private string Spec() => _repo.WriteSpec("task.md", """
        title: Decide the release day
        agent: builtin
        model: scripted/model.yaml
        sandbox: { backend: none }
        """);

    private Task<(int ExitCode, string Stdout, string All)> ErrandAsync(params string[] args) =>
        ErrandProcess.RunCapturedAsync(_repo.DataDir, _repo.Root, Patience, args);

    [Fact]
    public async Task Run_NotInATerminal_StopsAtTheQuestionWithExit6_ThenAnswerAndAWorkerFinishIt()
    {
        var (code, _, all) = await ErrandAsync("run", Spec());

        Assert.True(code == 6, all);
        Assert.Contains("needs your input", all, StringComparison.Ordinal);
        Assert.Contains("Ship on Friday?", all, StringComparison.Ordinal);
        Assert.Contains("options: 1) yes  2) no", all, StringComparison.Ordinal);
        Assert.Contains("errand answer 1 <yes|no>", all, StringComparison.Ordinal);

        var (inboxCode, inbox, _) = await ErrandAsync("inbox");
        Assert.Equal(0, inboxCode);
        Assert.Contains("#1", inbox, StringComparison.Ordinal);
        Assert.Contains("waits until answered", inbox, StringComparison.Ordinal);

        var (waitCode, waitOut, _) = await ErrandAsync("wait", "1");
        Assert.Equal(6, waitCode); // a script waiting on the task learns it needs a human
        Assert.Contains("waiting_for_human", waitOut, StringComparison.Ordinal);

        var (wrong, _, wrongAll) = await ErrandAsync("answer", "1", "maybe");
        Assert.Equal(2, wrong);
        Assert.Contains("'maybe' is not one of the options: yes, no", wrongAll, StringComparison.Ordinal);
        var (missing, _, _) = await ErrandAsync("answer", "99", "yes");
        Assert.Equal(3, missing);

        var (answered, _, answerAll) = await ErrandAsync("answer", "1", "no");
        Assert.True(answered == 0, answerAll);
        await using var worker = ErrandProcess.Start(_repo.DataDir, _repo.Root, "worker", "--poll", "100ms");
        var (ended, endedOut, endedAll) = await ErrandAsync("wait", "1");
        Assert.True(ended == 0, endedAll);
        Assert.Contains("succeeded", endedOut, StringComparison.Ordinal);
        var (empty, emptyOut, _) = await ErrandAsync("inbox");
        Assert.Equal((0, true), (empty, emptyOut.Contains("no questions waiting", StringComparison.Ordinal)));
        worker.Signal(Native.SigTerm);
        await worker.WaitForExitAsync(Patience);
    }

    public void Dispose() => _repo.Dispose();
}
