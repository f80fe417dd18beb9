using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>
/// What one parse collects: diagnostics, the source map of fields, and the YAML nodes already reported
/// (so one mistake yields one diagnostic). Converts YAML marks, which count from the front matter, into file lines.
/// </summary>
internal sealed class SpecContext(string file)
{
    /// <summary>More findings than this are summed up in one: past it they are noise, and a hostile file can make millions.</summary>
    public const int MaxDiagnostics = 200;

    private readonly List<SpecDiagnostic> diagnostics = [];
    private readonly Dictionary<string, SourcePosition> positions = new(StringComparer.Ordinal);
    private readonly HashSet<long> refused = [];

    // Every field with an error, and every field that contains one ("verify[0].run" adds "verify[0]" and "verify"),
    // so asking whether a field already has an error stays cheap however many errors a hostile file produces.
    private readonly HashSet<string> erroneous = new(StringComparer.Ordinal);

    public string File => file;

    /// <summary>Added to YAML line numbers: the front matter starts on the line after the opening <c>---</c>.</summary>
    public int LineOffset { get; set; }

    public IReadOnlyList<SpecDiagnostic> Diagnostics => diagnostics;

    public IReadOnlyDictionary<string, SourcePosition> Positions => positions;

    public bool HasErrors => diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public SourcePosition At(Mark mark) =>
        new((int)Math.Clamp(mark.Line + LineOffset, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    public void Error(string code, SourcePosition at, string? field, string message)
    {
        diagnostics.Add(new SpecDiagnostic(DiagnosticSeverity.Error, code, message, file, at.Line, at.Column, field));
        for (var path = field; !string.IsNullOrEmpty(path); path = Parent(path))
        {
            if (!erroneous.Add(path))
            {
                break;
            }
        }
    }

    public void Error(string code, Mark at, string? field, string message) => Error(code, At(at), field, message);

    public void Error(string code, YamlNode at, string? field, string message) => Error(code, At(at.Start), field, message);

    public void Warning(string code, SourcePosition at, string? field, string message) =>
        diagnostics.Add(new SpecDiagnostic(DiagnosticSeverity.Warning, code, message, file, at.Line, at.Column, field));

    public void Record(string field, Mark at) => positions[field] = At(at);

    public void Record(string field, SourcePosition at) => positions[field] = at;

    public SourcePosition PositionOf(string field) => positions.TryGetValue(field, out var at) ? at : new SourcePosition(1, 1);

    /// <summary>True when an error was reported for <paramref name="field"/> or anything inside it.</summary>
    public bool HasErrorsUnder(string field) => erroneous.Contains(field);

    /// <summary>Marks a node that stands in for something already reported (an alias), so binders skip it quietly.</summary>
    public void Refuse(Mark start) => refused.Add(start.Index);

    public bool IsRefused(YamlNode node) => refused.Contains(node.Start.Index);

    /// <summary>
    /// The diagnostics in file order (a stable sort, so findings at one place keep their order), at most
    /// <see cref="MaxDiagnostics"/> of them and then one that says how many more there were.
    /// </summary>
    public IReadOnlyList<SpecDiagnostic> Sorted()
    {
        var sorted = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        if (sorted.Count <= MaxDiagnostics)
        {
            return sorted;
        }

        var rest = sorted.Skip(MaxDiagnostics).ToList();
        var last = rest[^1];
        var severity = rest.Exists(d => d.Severity == DiagnosticSeverity.Error) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        return
        [
            .. sorted.Take(MaxDiagnostics),
            new SpecDiagnostic(severity, SpecCodes.TooManyProblems,
                $"{rest.Count} more problems not shown, up to line {last.Line}; fix the ones above first", file, last.Line, last.Column, null),
        ];
    }

    /// <summary>"verify[0].run" → "verify[0]" → "verify" → null.</summary>
    private static string? Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut > 0 ? path[..cut] : null;
    }
}
