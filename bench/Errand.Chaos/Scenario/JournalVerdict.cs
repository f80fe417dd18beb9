using Errand.Tasks;

namespace Errand.Chaos.Scenario;

/// <summary>What replaying one task's journal found.</summary>
/// <param name="Final">The state the journal ends in (null when it has no submitted event).</param>
/// <param name="Completions">State events into a terminal state: exactly one for a task that ran once to the end.</param>
/// <param name="CompletedAt">When the last of them was written.</param>
/// <param name="StaleWrites">Events written by an owner after a later attempt had begun; must be zero.</param>
/// <param name="Owners">The worker that claimed each attempt.</param>
/// <param name="Problems">Every way the journal breaks the state machine or the fence; empty when consistent.</param>
internal sealed record JournalVerdict(
    TaskState? Final, int Completions, DateTimeOffset? CompletedAt, int StaleWrites, IReadOnlyDictionary<int, string> Owners, IReadOnlyList<string> Problems);
