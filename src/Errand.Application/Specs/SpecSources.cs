using Errand.Specs;

namespace Errand.Application.Specs;

/// <summary>Spec text to a parse result, with a local <c>repo</c> resolved to a full path: the one way the CLI and the API read a spec.</summary>
public static class SpecSources
{
    /// <summary>
    /// Parses <paramref name="bytes"/> and resolves a local repo relative to <paramref name="baseDirectory"/> (the spec
    /// file's directory). Text that came from no file (the API) has no base: a relative repo is refused there, since
    /// it would mean the server's working directory, which the sender cannot see.
    /// </summary>
    /// <param name="bytes">The spec as UTF-8.</param>
    /// <param name="file">Its name in findings.</param>
    /// <param name="baseDirectory">What a relative repo is relative to, or null when nothing is.</param>
    public static SpecParseResult Parse(byte[] bytes, string file, string? baseDirectory)
    {
        var result = SpecParser.Parse(bytes, file);
        if (result.Spec is not { Repo: { } repo } spec || RepoLocation.IsUrl(repo))
        {
            return result;
        }

        if (baseDirectory is null && !Path.IsPathFullyQualified(repo))
        {
            return Refuse(result, file, $"repo: '{repo}' is relative; give an absolute path or a URL (a spec sent to a server has no directory of its own)");
        }

        var resolved = Path.GetFullPath(baseDirectory is null ? repo : Path.Combine(baseDirectory, repo));
        return Directory.Exists(resolved)
            ? result with { Spec = spec with { Repo = resolved } }
            : Refuse(result, file, $"repo: directory '{resolved}' does not exist");
    }

    private static SpecParseResult Refuse(SpecParseResult result, string file, string message)
    {
        var position = result.Positions.TryGetValue("repo", out var p) ? p : new SourcePosition(1, 1);
        return result with
        {
            Spec = null,
            Diagnostics = [.. result.Diagnostics, new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.RepoNotFound, message, file, position.Line, position.Column, "repo")],
        };
    }
}
