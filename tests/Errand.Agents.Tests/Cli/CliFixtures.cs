using System.Runtime.CompilerServices;

namespace Errand.Agents.Tests.Cli;

/// <summary>Output recorded from the real CLIs (the versions in .tools/npm) against a scripted fake model server.</summary>
internal static class CliFixtures
{
    public static IReadOnlyList<string> Lines(string name) =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(SourceFile())!, "Fixtures", name)).Where(l => l.Length > 0).ToList();

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
