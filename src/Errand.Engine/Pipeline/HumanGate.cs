using Errand.Engine.Questions;
using Errand.Journal;
using Errand.Json;
using Errand.Questions;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Where the pipeline stops for a human: the approvals a spec asks for (network hosts before the work, a used-up
/// budget), the questions the agent asks, and what happens to a question nobody answered in time.
/// </summary>
internal static class HumanGate
{
    /// <summary>
    /// Settles a question the task was woken with, unanswered: its deadline passed, so it takes its default (journaled as
    /// answered by <c>timeout</c>) or, with no default or <c>on_timeout: fail</c>, fails the task. Null to go on.
    /// </summary>
    public static async Task<(TaskState To, string Reason)?> SettleUnansweredAsync(AttemptState state, TimeProvider time, CancellationToken cancellationToken)
    {
        if (state.Questions.Open is not { } open)
        {
            return null;
        }

        var question = open.Question;
        if (question.Deadline is { } deadline && deadline > time.GetUtcNow())
        {
            // Woken before its time (a clock moved back): it is still a question, so wait again.
            state.Asking = open;
            return (TaskState.WaitingForHuman, "");
        }

        if (question.Default is null || state.Spec.Questions.OnTimeout == QuestionsSpec.Fail)
        {
            return (TaskState.Failed, $"nobody answered in time: {question.Text}");
        }

        var taken = new HumanAnswer(question, question.Default, HumanAnswer.Timeout, time.GetUtcNow());
        await state.Journal.WriteAsync(JournalKinds.Answered, $"timed out; took the default: {taken.Text}", ErrandJson.Serialize(taken), cancellationToken);
        state.Questions = state.Questions with { Open = null, OpenSince = null, Answers = [.. state.Questions.Answers, taken], LatestAnswer = taken };
        if (question.Subject == ApprovalSubjects.Budget && !taken.Is(QuestionAnswers.Extend))
        {
            return (TaskState.Partial, "budget used up; nobody answered, so it stopped with its work kept");
        }

        return null;
    }

    /// <summary>The first network approval the spec asks for that nobody has answered yet, to ask before the work starts.</summary>
    public static AskedQuestion? PendingNetworkApproval(AttemptState state, TimeProvider time)
    {
        var spec = state.Spec;
        foreach (var rule in spec.Approvals)
        {
            if (ApprovalSubjects.Host(rule) is not { } host || state.Questions.ApprovalOf(rule) is not null)
            {
                continue;
            }

            if (spec.Sandbox.Network.Mode == NetworkMode.Open || spec.Sandbox.Network.AllowHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                continue; // already reachable: the spec itself allowed it
            }

            return Approval(spec, time, ApprovalSubjects.Network(host),
                $"The task wants to reach {host} over the network. Allow it?", QuestionAnswers.Reject, [QuestionAnswers.Approve, QuestionAnswers.Reject]);
        }

        return null;
    }

    /// <summary>With a <c>budget</c> approval, the question to ask instead of ending partial; null without one, or when a human already said stop.</summary>
    public static AskedQuestion? BudgetApproval(AttemptState state, TimeProvider time, string why)
    {
        if (!state.Spec.Approvals.Contains(ApprovalSubjects.Budget, StringComparer.Ordinal))
        {
            return null;
        }

        return Approval(state.Spec, time, ApprovalSubjects.Budget,
            $"The budget is used up ({why}). Extend it by {Budgets.BudgetText.Describe(state.Spec.Budget)} and go on, or stop with the work kept?",
            QuestionAnswers.Stop, [QuestionAnswers.Extend, QuestionAnswers.Stop]) with { Round = state.Rounds };
    }

    /// <summary>With a <c>push</c> approval and <c>deliver.push</c>, the question to ask before pushing, until it is answered.</summary>
    public static AskedQuestion? PushApproval(AttemptState state, TimeProvider time)
    {
        var spec = state.Spec;
        if (spec.Deliver.Push is not { } remote || !state.Delivered || !spec.Approvals.Contains(ApprovalSubjects.Push, StringComparer.Ordinal)
            || state.Questions.ApprovalOf(ApprovalSubjects.Push) is not null)
        {
            return null;
        }

        var commit = state.Snapshot?.Commit is { Length: >= 12 } c ? c[..12] : "?";
        return Approval(spec, time, ApprovalSubjects.Push,
            $"The task's checks passed. Push {state.Workspace!.Branch} ({commit}) to {remote}?", QuestionAnswers.Reject,
            [QuestionAnswers.Approve, QuestionAnswers.Reject]) with { Round = state.Rounds };
    }

    /// <summary>The agent's question, with its deadline set from its own timeout or the spec's, and redacted.</summary>
    public static AskedQuestion FromAgent(AttemptState state, Agents.AgentAsked asked, TimeProvider time, int round)
    {
        var timeout = asked.Timeout ?? state.Spec.Questions.Timeout;
        var redactor = state.Journal.Redactor;
        var question = asked.Question with
        {
            Text = redactor.Redact(asked.Question.Text),
            Options = [.. asked.Question.Options.Select(redactor.Redact)],
            Default = asked.Question.Default is { } d ? redactor.Redact(d) : null,
            Subject = asked.Question.Subject is { } s ? redactor.Redact(s) : null,
            Deadline = asked.Question.Deadline ?? (timeout is { } t ? time.GetUtcNow() + t : null),
        };
        return new AskedQuestion(question, round);
    }

    private static AskedQuestion Approval(TaskSpec spec, TimeProvider time, string subject, string text, string fallback, IReadOnlyList<string> options) =>
        new(new Question(QuestionKinds.Approval, text)
        {
            Options = options,
            Default = fallback,
            Subject = subject,
            Deadline = spec.Questions.Timeout is { } t ? time.GetUtcNow() + t : null,
        }, 1);
}
