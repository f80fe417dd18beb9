namespace Errand.Dependencies;

/// <summary>
/// What a prerequisite that ended without succeeding (failed, cancelled or partial) does to the tasks waiting for it
/// (<c>on_prerequisite_failure:</c>). Either way the dependant ends without running, and its own dependants follow by
/// their own policies, so the effect cascades.
/// </summary>
public static class PrerequisitePolicies
{
    /// <summary>The dependant fails, its reason naming the prerequisite (the default).</summary>
    public const string Fail = "fail";

    /// <summary>The dependant is cancelled (skipped), its reason naming the prerequisite.</summary>
    public const string Skip = "skip";

    /// <summary>Every policy, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> All = [Fail, Skip];
}
