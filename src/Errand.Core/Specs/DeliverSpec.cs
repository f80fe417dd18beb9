namespace Errand.Specs;

/// <summary>How the result leaves the workspace.</summary>
public sealed record DeliverSpec
{
    /// <summary>The branch name; null means <c>errand/&lt;id&gt;-&lt;slug&gt;</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>A remote to push to (a later issue), or null.</summary>
    public string? Push { get; init; }
}
