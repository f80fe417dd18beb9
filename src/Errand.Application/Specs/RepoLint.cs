using CliWrap;
using CliWrap.Buffered;
using Errand.Specs;

namespace Errand.Application.Specs;

/// <summary>The lint checks that need the repository itself: today, <c>protect</c> globs that match no tracked file.</summary>
public static class RepoLint
{
    /// <summary>The findings about a parsed spec's local repository; none when it has no repo, a URL, or no protect globs.</summary>
    public static async Task<IReadOnlyList<SpecDiagnostic>> CheckAsync(SpecParseResult result, CancellationToken cancellationToken)
    {
        if (result.Spec is not { Repo: { } repo, Protect.Count: > 0 } || RepoLocation.IsUrl(repo) || !Directory.Exists(repo))
        {
            return [];
        }

        var listed = await global::CliWrap.Cli.Wrap("git")
            .WithArguments(["-C", repo, "ls-files", "-z", "--full-name", "--", ":/"])
            .WithEnvironmentVariables(e => e.Set("GIT_TERMINAL_PROMPT", "0"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        if (listed.ExitCode != 0)
        {
            return []; // not a git repository: the workspace step reports that, with a better message
        }

        var files = listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return SpecLinter.Lint(result, files);
    }
}
