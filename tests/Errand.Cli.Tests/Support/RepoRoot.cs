namespace Errand.Cli.Tests.Support;

internal static class RepoRoot
{
    /// <summary>The Errand checkout these tests were built from.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Errand.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the Errand checkout above " + AppContext.BaseDirectory);
    }
}
