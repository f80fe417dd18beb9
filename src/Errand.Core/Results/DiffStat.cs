namespace Errand.Results;

/// <summary>A diff stat between two commits.</summary>
/// <param name="FilesChanged">Files changed.</param>
/// <param name="Insertions">Lines added.</param>
/// <param name="Deletions">Lines removed.</param>
/// <param name="Files">Per-file figures.</param>
public sealed record DiffStat(int FilesChanged, int Insertions, int Deletions, IReadOnlyList<FileChange> Files)
{
    /// <summary>No change.</summary>
    public static DiffStat Empty { get; } = new(0, 0, 0, []);
}

/// <summary>One file's change.</summary>
/// <param name="Path">Repository-relative path.</param>
/// <param name="Insertions">Lines added (0 for binary files).</param>
/// <param name="Deletions">Lines removed (0 for binary files).</param>
public sealed record FileChange(string Path, int Insertions, int Deletions);
