namespace Errand.Specs;

/// <summary>How a task's questions wait: <c>questions: { timeout: 4h, on_timeout: default }</c>.</summary>
public sealed record QuestionsSpec
{
    /// <summary>Proceed with the question's default option when it times out (fail when it has none).</summary>
    public const string TakeDefault = "default";

    /// <summary>Fail the task when a question times out.</summary>
    public const string Fail = "fail";

    /// <summary>How long a question waits for an answer unless it says otherwise; null waits for ever.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><see cref="TakeDefault"/> or <see cref="Fail"/>.</summary>
    public string OnTimeout { get; init; } = TakeDefault;
}
