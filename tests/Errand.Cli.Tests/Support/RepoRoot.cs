using System.Runtime.CompilerServices;

namespace Errand.Cli.Tests.Support;

internal static class RepoRoot
{
    /// <summary>The Errand checkout these tests were compiled from (the build output may live elsewhere).</summary>
    public static string Find([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Errand.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the Errand checkout above " + sourceFile);
    }
}
