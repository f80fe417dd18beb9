using System.Globalization;
using System.Text;

namespace Errand.Specs;

/// <summary>
/// The placeholders of an <c>agent: command-template</c> line: <c>{prompt}</c>, <c>{prompt_file}</c>, <c>{model}</c>
/// and <c>{round}</c>. A placeholder is a name in braces; <c>${NAME}</c> stays the shell's, anything in braces that is
/// not a plain name (<c>awk '{print $1}'</c>, <c>{a,b}</c>, <c>{{.Id}}</c>) stays as written, and <c>{{name}}</c> is a
/// literal <c>{name}</c>.
/// </summary>
public static class CommandTemplate
{
    /// <summary>The task's instruction (and a later round's feedback), as one shell-quoted word.</summary>
    public const string Prompt = "prompt";

    /// <summary>The path of a read-only file holding the same text.</summary>
    public const string PromptFile = "prompt_file";

    /// <summary>The spec's model (provider/model), shell-quoted; empty when the spec names none.</summary>
    public const string Model = "model";

    /// <summary>The verify round, starting at 1.</summary>
    public const string Round = "round";

    /// <summary>All placeholders, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Prompt, PromptFile, Model, Round];

    /// <summary>Every placeholder in <paramref name="template"/> with its offset, known or not, in order.</summary>
    public static IReadOnlyList<(string Name, int Offset)> Placeholders(string template)
    {
        var found = new List<(string, int)>();
        Walk(template, (name, offset) => found.Add((name, offset)), _ => { });
        return found;
    }

    /// <summary>True when the line hands the agent its instruction (<c>{prompt}</c> or <c>{prompt_file}</c>).</summary>
    public static bool TakesPrompt(string template) => Placeholders(template).Any(p => p.Name is Prompt or PromptFile);

    /// <summary>
    /// The line with each placeholder replaced by <paramref name="values"/>' text, which the caller quotes for the shell.
    /// </summary>
    /// <exception cref="ArgumentException">A placeholder has no value (the binder refuses such specs).</exception>
    public static string Expand(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder(template.Length);
        Walk(template,
            (name, _) => text.Append(values.TryGetValue(name, out var value)
                ? value
                : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"unknown placeholder '{{{name}}}'"), nameof(template))),
            literal => text.Append(literal));
        return text.ToString();
    }

    private static void Walk(string template, Action<string, int> placeholder, Action<string> literal)
    {
        var start = 0;
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] != '{')
            {
                i++;
                continue;
            }

            // {{name}}: a literal {name}, written as such.
            if (i + 1 < template.Length && template[i + 1] == '{' && NameAt(template, i + 2) is { } escaped
                && i + 2 + escaped.Length + 1 < template.Length && template[i + 2 + escaped.Length + 1] == '}')
            {
                literal(template[start..i]);
                literal("{" + escaped + "}");
                i += escaped.Length + 4;
                start = i;
                continue;
            }

            if ((i == 0 || template[i - 1] != '$') && NameAt(template, i + 1) is { } name)
            {
                literal(template[start..i]);
                placeholder(name, i);
                i += name.Length + 2;
                start = i;
                continue;
            }

            i++;
        }

        literal(template[start..]);
    }

    // A name (a letter or underscore, then letters, digits, underscores) closed by '}' at `at`, or null.
    private static string? NameAt(string text, int at)
    {
        var end = at;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end > at && !char.IsAsciiDigit(text[at]) && end < text.Length && text[end] == '}' ? text[at..end] : null;
    }
}
