using Errand.Specs;

namespace Errand.Cli.Specs;

/// <summary>Loads a task file from disk: parse, then resolve a local <c>repo</c> relative to the file's directory.</summary>
internal static class SpecFile
{
    // Read at most one byte past the parser's limit, so a huge file is refused without reading it whole.
    private const int ReadLimit = (1 << 20) + 1;

    public static async Task<SpecParseResult> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return new SpecParseResult(null,
                [new SpecDiagnostic(DiagnosticSeverity.Error, "E001", "file not found", path, 1, 1, null)]);
        }

        byte[] bytes;
        await using (var stream = File.OpenRead(full))
        {
            var buffer = new byte[Math.Min(stream.Length, ReadLimit)];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            bytes = buffer[..read];
        }

        var result = SpecParser.Parse(bytes, path);
        if (result.Spec is not { Repo: { } repo } spec || RepoLocation.IsUrl(repo))
        {
            return result;
        }

        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, repo));
        if (!Directory.Exists(resolved))
        {
            var position = result.Positions.TryGetValue("repo", out var p) ? p : new SourcePosition(1, 1);
            return result with
            {
                Spec = null,
                Diagnostics = [.. result.Diagnostics, new SpecDiagnostic(DiagnosticSeverity.Error, "E090",
                    $"repo: directory '{resolved}' does not exist", path, position.Line, position.Column, "repo")],
            };
        }

        return result with { Spec = spec with { Repo = resolved } };
    }
}
