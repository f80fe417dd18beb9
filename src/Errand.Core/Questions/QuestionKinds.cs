namespace Errand.Questions;

/// <summary>Why a task asks.</summary>
public static class QuestionKinds
{
    /// <summary>The agent asked with its <c>ask_human</c> tool.</summary>
    public const string Ask = "ask";

    /// <summary>An approval rule in the spec (push, network:HOST, command:GLOB, budget) holds an action.</summary>
    public const string Approval = "approval";

    /// <summary>The agent proposed a plan that a human approves or edits before it changes anything.</summary>
    public const string Plan = "plan";

    /// <summary>A fleet's planner proposed slices that a human approves, rejects or edits before any runs.</summary>
    public const string Slices = "slices";
}
