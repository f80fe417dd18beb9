namespace Errand.Specs;

/// <summary>The values of <c>plan:</c>.</summary>
public static class PlanModes
{
    /// <summary>The agent works without a plan step (the default).</summary>
    public const string None = "none";

    /// <summary>The agent proposes a plan that a human approves or edits before it changes anything.</summary>
    public const string Approve = "approve";
}
