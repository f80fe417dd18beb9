namespace Errand.Workspaces.Environments;

/// <summary>The files of a cached environment.</summary>
internal static class EnvironmentLayer
{
    /// <summary>What setup changed in the workspace: an overlay upper directory, now a lower layer.</summary>
    public const string WorkspaceLayer = "workspace";

    /// <summary>The sandbox home setup ran with (tool caches).</summary>
    public const string HomeLayer = "home";

    /// <summary>Errand's index of the workspace as setup left it, refreshed against those files.</summary>
    public const string IndexFile = "index";

    /// <summary>The tree of the workspace as setup left it: the baseline snapshots are measured from.</summary>
    public const string BaselineFile = "baseline-tree";
}
