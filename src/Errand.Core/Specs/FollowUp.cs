namespace Errand.Specs;

/// <summary>A follow-up instruction given to a task after it ended (<c>errand followup</c>).</summary>
/// <param name="Instruction">What to do next, in the same conversation and on the same branch.</param>
/// <param name="FromCommit">The commit the task had reached (its delivered work); the next run starts there.</param>
/// <param name="AfterAttempt">
/// The task's attempt when it was given: checkpoints of later attempts already hold it (attempts, not clocks, order
/// them, so clocks of different hosts cannot).
/// </param>
/// <param name="At">When it was given.</param>
public sealed record FollowUp(string Instruction, string? FromCommit, int AfterAttempt, DateTimeOffset At);
