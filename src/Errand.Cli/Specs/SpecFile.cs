using Errand.Application.Specs;
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

        return SpecSources.Parse(bytes, path, Path.GetDirectoryName(full));
    }
}
