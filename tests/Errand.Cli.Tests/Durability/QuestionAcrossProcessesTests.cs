using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Journal;
using Errand.Notifications.Channels.Webhook;
using Errand.Tasks;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// The must-show for questions: a scripted agent asks; the worker process that ran it exits; `errand answer` is
/// given from another process; a different worker process resumes the task and finishes it with the answer; exactly one
/// needs_input and one succeeded notification arrive at a real webhook receiver.
/// </summary>
public sealed class QuestionAcrossProcessesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Question_WorkerExits_AnsweredFromAnotherProcess_AnotherWorkerFinishes_OneNotificationEach()
    {
        await using var setup = await NotifySetup.StartAsync(url => $$"""
            notify:
              channels:
                hook: { type: webhook, url: "{{url}}", secret: HOOK_KEY }
            """);
        setup.Repo.WriteFile("model.yaml", """
            turns:
              - tools: [ { ask_human: { question: "Which date format is canonical?", options: [ISO-8601, RFC-2822], default: RFC-2822 } } ]
              - expect: "answered: ISO-8601"
                tools: [ { write_file: { path: format.txt, content: ISO-8601 } } ]
              - tools: [ { finish: { summary: wrote the format the human chose } } ]
            """);
        setup.Repo.Commit("the scripted model"); // the model is read from the task's checkout
        var spec = setup.Repo.WriteSpec("task.md", """
            title: Pick the date format
            agent: builtin
            model: scripted/model.yaml
            verify: [grep -q ISO-8601 format.txt]
            sandbox: { backend: none }
            notify: [hook]
            """);
        var (submitted, id, submitAll) = await setup.RunAsync("submit", spec);
        Assert.True(submitted == 0, submitAll);
        var taskId = long.Parse(id.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        await using var probe = await StoreProbe.OpenAsync(setup.Repo.DataDir);

        await using (var workerA = setup.Start("worker", "--id", "worker-a", "--poll", "100ms"))
        {
            var parked = await probe.WaitUntilAsync(taskId, t => t.State == TaskState.WaitingForHuman, Patience);
            Assert.Null(parked.LeaseOwner);
            var asked = Assert.Single(await setup.Receiver.WaitForAsync(1, Patience));
            Assert.Equal("needs_input", JsonDocument.Parse(asked.Body).RootElement.GetProperty("event").GetString());
            workerA.Signal(Native.SigTerm); // the task holds no slot: the worker leaves at once, nothing to hand back
            Assert.Equal(0, await workerA.WaitForExitAsync(Patience));
        }

        var (inboxCode, inbox, inboxAll) = await setup.RunAsync("inbox", "--json");
        Assert.True(inboxCode == 0, inboxAll);
        var open = Assert.Single(JsonDocument.Parse(inbox).RootElement.EnumerateArray());
        Assert.Equal(taskId, open.GetProperty("task_id").GetInt64());
        Assert.Equal("Which date format is canonical?", open.GetProperty("question").GetProperty("text").GetString());

        var (answered, answerOut, answerAll) = await setup.RunAsync("answer", taskId.ToString(CultureInfo.InvariantCulture), "1", "--by", "ada");
        Assert.True(answered == 0, answerAll);
        Assert.Contains("ISO-8601", answerOut, StringComparison.Ordinal);
        var (again, _, againAll) = await setup.RunAsync("answer", taskId.ToString(CultureInfo.InvariantCulture), "2");
        Assert.True(again == 2, againAll); // answered already: refused, not a second answer

        await using (var workerB = setup.Start("worker", "--id", "worker-b", "--poll", "100ms"))
        {
            var done = await probe.WaitUntilAsync(taskId, t => t.State.IsTerminal(), Patience);
            Assert.True(done.State == TaskState.Succeeded, done.Reason);
            var requests = await setup.Receiver.WaitForAsync(2, Patience);
            Assert.Equal(["needs_input", "succeeded"], requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
            Assert.All(requests, r => Assert.True(WebhookSignature.Verify(
                NotifySetup.HookKey, long.Parse(r.Header(WebhookHeaders.Timestamp), CultureInfo.InvariantCulture), r.Body, r.Header(WebhookHeaders.Signature))));
            Assert.NotEqual(requests[0].Header(WebhookHeaders.Delivery), requests[1].Header(WebhookHeaders.Delivery));
            workerB.Signal(Native.SigTerm);
            await workerB.WaitForExitAsync(Patience);
        }

        var journal = await probe.JournalAsync(taskId);
        Assert.Equal(["worker-a", "worker-b"], journal.Where(e => e.Kind == JournalKinds.Claimed)
            .Select(e => JsonDocument.Parse(e.DataJson!).RootElement.GetProperty("worker").GetString()));
        Assert.Contains("answered by ada: ISO-8601", Assert.Single(journal, e => e.Kind == JournalKinds.Answered).Message, StringComparison.Ordinal);
        Assert.Equal(2, setup.Receiver.Requests.Count); // exactly one of each, nothing repeated after the workers stopped
    }
}
