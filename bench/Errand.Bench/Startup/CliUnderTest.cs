namespace Errand.Bench.Startup;

/// <summary>A build of the <c>errand</c> CLI the start-up scenario runs, under a label (e.g. <c>before</c>, <c>after</c>).</summary>
internal sealed record CliUnderTest(string Label, string Path)
{
    /// <summary>
    /// <c>--cli LABEL=PATH[,LABEL=PATH…]</c>, or a bare PATH (labelled <c>cli</c>); without one, the launcher's build
    /// (<c>.artifacts/cli/errand</c> under the repository this runs in).
    /// </summary>
    public static IReadOnlyList<CliUnderTest> Parse(string? text, string repository)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [new("cli", System.IO.Path.Combine(repository, ".artifacts", "cli", "errand"))];
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2) is [var label, var path] ? new CliUnderTest(label, System.IO.Path.GetFullPath(path)) : new CliUnderTest("cli", System.IO.Path.GetFullPath(part)))
            .Select(cli => File.Exists(cli.Path) ? cli : throw new ArgumentException($"--cli: no CLI at {cli.Path}"))
            .ToList();
    }
}
