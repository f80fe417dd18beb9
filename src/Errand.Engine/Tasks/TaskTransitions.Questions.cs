using Errand.Budgets;
using Errand.Engine.Questions;
using Errand.Journal;
using Errand.Json;
using Errand.Notifications;
using Errand.Questions;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tasks;

/// <summary>Questions: a running task parks to ask, and an answer (from any node) resumes it.</summary>
public sealed partial class TaskTransitions
{
    private const int JournalPage = 1000;

    /// <summary>
    /// The owner parks its running task on a question: <c>waiting_for_human</c>, no worker and no lease, waking at the
    /// question's deadline if it has one. The question, the events still unwritten and the needs_input notifications
    /// go in the same transaction. Returns false when the lease is gone.
    /// </summary>
    public async Task<bool> AskAsync(
        TaskClaim claim, AskedQuestion asked, IReadOnlyList<JournalEntry> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var lease = claim.Lease;
        var question = asked.Question;
        var reason = "waiting for a human: " + question.Text;
        var spec = TaskSpecJson.Of(claim.Task);
        var payload = new NotificationPayload(NotificationEvents.NeedsInput, claim.Task.Title, _time.GetUtcNow())
        {
            TaskId = claim.Task.Id,
            State = TaskState.WaitingForHuman.ToWireName(),
            Reason = reason,
            Question = question,
        };
        var outcome = await MoveAsync(
            new TaskTransition(lease.TaskId, FromRunning, TaskState.WaitingForHuman)
            {
                Lease = lease,
                Reason = reason,
                WakeAt = question.Deadline,
                Events = [.. events, new JournalEntry(JournalKinds.Question, $"asks ({question.Kind}): {question.Text}", ErrandJson.Serialize(asked))],
                Notifications = _notifications.For(spec, payload, Occurrence(lease.Fence)),
            },
            cancellationToken);
        return outcome.Applied;
    }

    /// <summary>
    /// Answers the question a task waits on and queues it, so any worker resumes it with the answer. Who answered, when
    /// and what is journaled with the change. Applies only to the question that was read: if the task has moved on
    /// (answered by someone else, resumed, asked again) the answer is refused rather than given to a question it was
    /// not meant for. Some approvals take effect in the same change: "extend" raises a used-up budget, "stop" ends the
    /// task partial at once, an approved host joins the sandbox's allow-list.
    /// </summary>
    public async Task<AnswerOutcome> AnswerAsync(long taskId, string answer, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var task = await store.GetAsync(taskId, cancellationToken);
        if (task is null)
        {
            return new AnswerOutcome(AnswerStatus.NotFound, null);
        }

        if (task.State != TaskState.WaitingForHuman || (await ReadQuestionsAsync(taskId, cancellationToken)).Open is not { } open)
        {
            return new AnswerOutcome(AnswerStatus.NoQuestion, task);
        }

        var (matched, problem) = QuestionAnswers.Match(open.Question, answer);
        if (matched is null)
        {
            return new AnswerOutcome(AnswerStatus.Invalid, task, Problem: problem);
        }

        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        if (open.Question.Kind == QuestionKinds.Slices && matched != QuestionAnswers.Approve && matched != QuestionAnswers.Reject
            && Errand.Fleets.SliceProposals.Parse(matched, spec.FleetRun?.Planner?.MaxSlices ?? Errand.Fleets.NewFleet.MaxSlices).Problem is { } wrong)
        {
            // An edited list is checked now, while its author is there to fix it, not when the planner resumes.
            return new AnswerOutcome(AnswerStatus.Invalid, task, Problem: $"not approve, reject or a valid list of slices: {wrong}");
        }

        var given = new HumanAnswer(open.Question, matched, by.Trim(), _time.GetUtcNow());
        var (to, changed, reason) = Consequence(spec, given);
        var outcome = await MoveAsync(
            new TaskTransition(taskId, [TaskState.WaitingForHuman], to)
            {
                ExpectedFence = task.Fence,
                Reason = reason,
                SpecJson = changed is null ? null : TaskSpecJson.Serialize(changed),
                Events = [new JournalEntry(JournalKinds.Answered, $"answered by {given.By}: {given.Text}", ErrandJson.Serialize(given))],
                Notifications = to == TaskState.Partial ? Notify(task, to, reason, null, Occurrence(task.Fence)) : [],
            },
            cancellationToken);
        return outcome.Applied
            ? new AnswerOutcome(AnswerStatus.Answered, outcome.Current, given)
            : new AnswerOutcome(outcome.Status == TransitionStatus.NotFound ? AnswerStatus.NotFound : AnswerStatus.NoQuestion, outcome.Current);
    }

    /// <summary>The questions and answers of a task, read from its journal.</summary>
    public async Task<QuestionLog> ReadQuestionsAsync(long taskId, CancellationToken cancellationToken)
    {
        var events = new List<JournalEvent>();
        for (var after = 0L; ;)
        {
            var page = await store.ReadAsync(taskId, after, JournalPage, cancellationToken);
            events.AddRange(page);
            if (page.Count < JournalPage)
            {
                return QuestionLog.Read(events);
            }

            after = page[^1].Seq;
        }
    }

    // What an answer does besides resuming the task.
    private static (TaskState To, TaskSpec? Changed, string Reason) Consequence(TaskSpec spec, HumanAnswer answer)
    {
        var question = answer.Question;
        if (question.Kind != QuestionKinds.Approval)
        {
            return (TaskState.Queued, null, $"answered by {answer.By}");
        }

        if (question.Subject == ApprovalSubjects.Budget)
        {
            if (!answer.Is(QuestionAnswers.Extend))
            {
                return (TaskState.Partial, null, $"budget used up; {answer.By} chose to stop; `errand extend` resumes it");
            }

            // Raised by what the spec allowed in the first place: the same budget again.
            var raised = BudgetRaise.By(spec.Budget, spec.Budget);
            return (TaskState.Queued, spec with { Budget = raised }, $"budget extended to {BudgetText.Describe(raised)} by {answer.By}");
        }

        if (ApprovalSubjects.Host(question.Subject) is { } host && answer.Is(QuestionAnswers.Approve))
        {
            // An open network already reaches the host; otherwise the host joins the proxy's allow-list.
            var network = spec.Sandbox.Network;
            var allowed = network.Mode == NetworkMode.Open || network.AllowHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
                ? network
                : network with { Mode = NetworkMode.Allow, AllowHosts = [.. network.AllowHosts, host] };
            return (TaskState.Queued, spec with { Sandbox = spec.Sandbox with { Network = allowed } }, $"network access to {host} approved by {answer.By}");
        }

        return (TaskState.Queued, null, $"{question.Subject} {(answer.Is(QuestionAnswers.Approve) ? "approved" : "rejected")} by {answer.By}");
    }
}
