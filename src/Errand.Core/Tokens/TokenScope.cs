namespace Errand.Tokens;

/// <summary>What an API token may do. Each scope is its own; <see cref="Admin"/> implies every other.</summary>
public enum TokenScope
{
    /// <summary>Read tasks, journals, results, the inbox, schedules and notifications.</summary>
    Read,

    /// <summary>Submit tasks and act on them (cancel, retry, follow up, extend).</summary>
    Submit,

    /// <summary>Answer the questions tasks wait on.</summary>
    Answer,

    /// <summary>Everything, and the server's own administration (tokens, schedules, notifications, secrets).</summary>
    Admin,
}
