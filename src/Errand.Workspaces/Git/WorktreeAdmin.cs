namespace Errand.Workspaces.Git;

/// <summary>
/// Finds a worktree's administrative directory inside the mirror. Git commands on a workspace name it explicitly
/// rather than following the workspace's ".git" file: the agent can rewrite that file, and a git directory of its
/// choosing would bring a config of its choosing (fsmonitor, filters) to git running outside the sandbox.
/// </summary>
internal static class WorktreeAdmin
{
    public static string? Find(string mirror, string workspacePath)
    {
        var worktrees = Path.Combine(mirror, "worktrees");
        var expected = Path.Combine(workspacePath, ".git");
        var likely = Path.Combine(worktrees, Path.GetFileName(workspacePath));
        if (PointsTo(likely, expected))
        {
            return likely;
        }

        return Directory.Exists(worktrees)
            ? Directory.EnumerateDirectories(worktrees).FirstOrDefault(dir => PointsTo(dir, expected))
            : null;
    }

    private static bool PointsTo(string adminDirectory, string expectedGitFile)
    {
        var gitdir = Path.Combine(adminDirectory, "gitdir");
        return File.Exists(gitdir) && File.ReadAllText(gitdir).TrimEnd('\n', '\r') == expectedGitFile;
    }
}
