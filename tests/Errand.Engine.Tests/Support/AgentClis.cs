using System.Runtime.CompilerServices;

namespace Errand.Engine.Tests.Support;

/// <summary>The real agent CLIs that scripts/install-test-deps.sh installs into the repository's .tools/npm.</summary>
internal static class AgentClis
{
    /// <summary>The tools folder; fails (never skips) when a CLI is missing.</summary>
    public static string ToolsDirectory(params string[] clis)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "..", ".tools", "npm"));
        foreach (var cli in clis)
        {
            Assert.True(File.Exists(Path.Combine(root, "node_modules", ".bin", cli)),
                $"{cli} is not installed in {root}: run scripts/install-test-deps.sh (./test.sh does)");
        }

        return root;
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
