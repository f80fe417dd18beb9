using Errand.Workspaces.Git;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// One checkout per (repository, commit), made once and then the read-only lower layer of every overlay workspace
/// at that commit. Each holds the files (<c>tree/</c>), Errand's index of them, refreshed so that later snapshots
/// match unchanged files on stat alone, and a small <c>.git</c> for the agent's own git inside the sandbox.
/// </summary>
internal sealed class CheckoutCache(GitCli git, LayerStore layers)
{
    public const string TreeDirectory = "tree";
    public const string IndexFile = "index";

    public Task<LayerLease> AcquireAsync(string mirror, string mirrorKey, string commit, CancellationToken cancellationToken) =>
        layers.AcquireAsync($"{mirrorKey}-{commit}", (temp, ct) => BuildAsync(mirror, commit, temp, ct), cancellationToken);

    public void Collect() => layers.Collect();

    private async Task BuildAsync(string mirror, string commit, string temp, CancellationToken cancellationToken)
    {
        var tree = Directory.CreateDirectory(Path.Combine(temp, TreeDirectory)).FullName;
        var index = Path.Combine(temp, IndexFile);
        var env = IndexedWorkTree.Environment(index);
        await git.RunCheckedAsync($"cannot read {commit} from {mirror}", ["--git-dir=" + mirror, "read-tree", commit], env, null, cancellationToken);

        // Parallel checkout, one writer per core: writing the files is nearly all of the cost.
        await git.RunCheckedAsync($"cannot check out {commit} into {tree}",
            ["-c", "checkout.workers=0", "--git-dir=" + mirror, "--work-tree=" + tree, "checkout-index", "--all", "--force"], env, null, cancellationToken);

        // Files written in the same clock tick as the index are "racily clean" and git smudges their entries, so
        // every later snapshot would hash them again. One refresh now, once the clock has moved on, records their
        // stat for good: from then on unchanged files match on stat alone, through the overlay too (same inode,
        // times and size; only st_dev differs, which git does not compare on Linux).
        await git.RunCheckedAsync($"cannot refresh the index of {tree}",
            ["--git-dir=" + mirror, "--work-tree=" + tree, "update-index", "-q", "--refresh"], env, null, cancellationToken);

        WriteAgentGitDirectory(tree, mirror, commit, index);
    }

    // The agent's git: HEAD at the commit (detached), the same refreshed index, and the mirror's objects through an
    // alternates file (the sandbox shows them read-only at that path). It lives in the lower layer, so each
    // workspace gets its own copy on write; Errand's own git never reads it (see IndexedWorkTree).
    private static void WriteAgentGitDirectory(string tree, string mirror, string commit, string index)
    {
        var dotGit = Path.Combine(tree, ".git");
        Directory.CreateDirectory(Path.Combine(dotGit, "objects", "info"));
        Directory.CreateDirectory(Path.Combine(dotGit, "refs", "heads"));
        Directory.CreateDirectory(Path.Combine(dotGit, "refs", "tags"));
        File.WriteAllText(Path.Combine(dotGit, "HEAD"), commit + "\n");
        File.WriteAllText(Path.Combine(dotGit, "config"),
            "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = false\n");
        File.WriteAllText(Path.Combine(dotGit, "objects", "info", "alternates"), Path.Combine(mirror, "objects") + "\n");
        File.Copy(index, Path.Combine(dotGit, "index"));
    }
}
