using Errand.Journal;
using Errand.Json;
using Errand.Questions;

namespace Errand.Engine.Questions;

/// <summary>
/// A task's questions and answers, read from its journal since its last restart: the journal is the only record of
/// them, so any node can answer and any worker can resume.
/// </summary>
public sealed record QuestionLog
{
    /// <summary>The question the task waits on, or null when every question has been answered.</summary>
    public AskedQuestion? Open { get; init; }

    /// <summary>When the open question was asked.</summary>
    public DateTimeOffset? OpenSince { get; init; }

    /// <summary>Every answer since the last restart, oldest first.</summary>
    public IReadOnlyList<HumanAnswer> Answers { get; init; } = [];

    /// <summary>The round the latest question was asked in (1 when none was).</summary>
    public int Round { get; init; } = 1;

    /// <summary>The answer to the latest question, when the latest question has been answered.</summary>
    public HumanAnswer? LatestAnswer { get; init; }

    /// <summary>The latest answer to an approval about <paramref name="subject"/>, or null.</summary>
    public HumanAnswer? ApprovalOf(string subject) =>
        Answers.LastOrDefault(a => a.Question.Kind == QuestionKinds.Approval && a.Question.Subject == subject);

    /// <summary>Reads the log from a task's events in journal order.</summary>
    public static QuestionLog Read(IEnumerable<JournalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var log = new QuestionLog();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case JournalKinds.Restarted or JournalKinds.FollowUp:
                    // A retry starts afresh, a follow-up is new work: the questions of the runs before are not theirs.
                    log = new QuestionLog();
                    break;
                case JournalKinds.Question when e.DataJson is { } data:
                    var asked = ErrandJson.Deserialize<AskedQuestion>(data);
                    log = log with { Open = asked, OpenSince = e.At, Round = asked.Round, LatestAnswer = null };
                    break;
                case JournalKinds.Answered when e.DataJson is { } data && log.Open is not null:
                    var answer = ErrandJson.Deserialize<HumanAnswer>(data);
                    log = log with { Open = null, OpenSince = null, Answers = [.. log.Answers, answer], LatestAnswer = answer };
                    break;
            }
        }

        return log;
    }
}
