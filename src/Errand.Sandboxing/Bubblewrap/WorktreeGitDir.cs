namespace Errand.Sandboxing.Bubblewrap;

/// <summary>
/// A git worktree's <c>.git</c> is a file pointing at its git directory inside a mirror. For git to work in the
/// sandbox, that directory (writable: index, HEAD) and the mirror's shared objects (read-only) must be visible at
/// the same paths.
/// </summary>
/// <param name="GitDir">The worktree's own git directory.</param>
/// <param name="CommonDir">The repository it belongs to.</param>
internal sealed record WorktreeGitDir(string GitDir, string CommonDir)
{
    public static WorktreeGitDir? Find(string workspace)
    {
        var dotGit = Path.Combine(workspace, ".git");
        if (!File.Exists(dotGit))
        {
            return null;
        }

        var line = File.ReadLines(dotGit).FirstOrDefault() ?? "";
        if (!line.StartsWith("gitdir: ", StringComparison.Ordinal))
        {
            return null;
        }

        var gitDir = Path.GetFullPath(line["gitdir: ".Length..].Trim(), workspace);
        var commonFile = Path.Combine(gitDir, "commondir");
        var common = File.Exists(commonFile)
            ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDir)
            : gitDir;
        // Read before the agent has run (the workspace is fresh), and only the layout git itself makes is accepted:
        // <repo>/worktrees/<name>. Anything else is not bound into the sandbox at all.
        var worktrees = Path.GetDirectoryName(gitDir);
        var layoutOk = worktrees is not null
            && Path.GetFileName(worktrees) == "worktrees"
            && Path.GetDirectoryName(worktrees) == Path.TrimEndingDirectorySeparator(common);
        return layoutOk && Directory.Exists(gitDir) && Directory.Exists(common) ? new WorktreeGitDir(gitDir, common) : null;
    }
}
