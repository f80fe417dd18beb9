namespace Errand.Workspaces.Git;

/// <summary>A repository a workspace is made from, resolved.</summary>
/// <param name="IsLocal">True for a repository on this machine's file system.</param>
/// <param name="IsBare">True for a local bare repository (nothing checked out, so nothing can be dirty).</param>
/// <param name="Location">What git fetches from: the repository's top-level directory, or the URL as given.</param>
/// <param name="Display">How messages and the journal name it: the path, or the URL without its password.</param>
/// <param name="Key">The mirror's directory name.</param>
internal sealed record RepoSource(bool IsLocal, bool IsBare, string Location, string Display, string Key);
