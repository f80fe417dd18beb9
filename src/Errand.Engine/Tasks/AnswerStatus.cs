namespace Errand.Engine.Tasks;

/// <summary>What became of an answer.</summary>
public enum AnswerStatus
{
    /// <summary>Recorded; the task resumes (or, for "stop" to a used-up budget, ended partial).</summary>
    Answered,

    /// <summary>No such task.</summary>
    NotFound,

    /// <summary>The task is not waiting for a human (answered already, or never asked).</summary>
    NoQuestion,

    /// <summary>The answer does not fit the question (not one of its options).</summary>
    Invalid,
}
