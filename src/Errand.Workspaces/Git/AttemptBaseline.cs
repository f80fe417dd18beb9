namespace Errand.Workspaces.Git;

/// <summary>
/// What an attempt's snapshots are measured from, kept in Errand's private attempt directory: the commit the
/// workspace started at, its tree, and the tree the workspace held when the agent began (that commit plus what the
/// setup commands left). Snapshots commit the agent's changes from the baseline onto the start tree, so the
/// environment never ends up in the task's commits.
/// </summary>
/// <param name="StartCommit">The commit the workspace was made from.</param>
/// <param name="StartTree">Its tree.</param>
/// <param name="BaselineTree">The workspace's tree when the agent began; equal to <paramref name="StartTree"/> without setup.</param>
internal sealed record AttemptBaseline(string StartCommit, string StartTree, string BaselineTree)
{
    public const string FileName = "baseline";

    public bool HasEnvironment => BaselineTree != StartTree;

    public void Write(string attemptDirectory) =>
        File.WriteAllText(Path.Combine(attemptDirectory, FileName), $"{StartCommit}\n{StartTree}\n{BaselineTree}\n");

    public static AttemptBaseline Read(string attemptDirectory)
    {
        var lines = File.ReadAllLines(Path.Combine(attemptDirectory, FileName));
        return lines.Length >= 3 && lines.Take(3).All(GitNames.IsFullCommitId)
            ? new AttemptBaseline(lines[0], lines[1], lines[2])
            : throw new WorkspaceException($"the baseline in {attemptDirectory} is unreadable");
    }
}
