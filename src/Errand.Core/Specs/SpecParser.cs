using System.Collections.Frozen;

namespace Errand.Specs;

/// <summary>Parses a task file: YAML front matter (the contract) and a Markdown body (the instruction).</summary>
public static class SpecParser
{
    /// <summary>The largest task file accepted, in bytes (1 MiB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Parses <paramref name="text"/>. Never throws on bad input: every problem is a diagnostic with the file,
    /// line, column and field.
    /// </summary>
    /// <param name="text">The whole file.</param>
    /// <param name="file">The path shown in diagnostics.</param>
    public static SpecParseResult Parse(string text, string file) =>
        Guarded(file, context => SpecInput.Check(text ?? "", context));

    /// <summary>
    /// Parses a file's raw bytes: refuses files over <see cref="MaxBytes"/>, NUL bytes and invalid UTF-8 before
    /// parsing, and drops a UTF-8 byte order mark. Never throws on bad input.
    /// </summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="file">The path shown in diagnostics.</param>
    public static SpecParseResult Parse(byte[] bytes, string file) =>
        Guarded(file, context => SpecInput.Decode(bytes ?? [], context));

    private static SpecParseResult Guarded(string file, Func<SpecContext, string?> read)
    {
        var context = new SpecContext(file ?? "");
        TaskSpec? spec = null;
        try
        {
            if (read(context) is { } text)
            {
                spec = Parse(text, context);
            }
        }
        catch (Exception ex)
        {
            // A bug in the parser must surface as a finding, not take down the CLI, the server or a worker
            // that is reading a spec somebody else wrote.
            context.Error(SpecCodes.InternalError, new SourcePosition(1, 1), null,
                $"internal error while reading the spec ({ex.GetType().Name}: {ex.Message}); please report it");
        }

        return new SpecParseResult(context.HasErrors ? null : spec, context.Sorted())
        {
            File = context.File,
            Positions = context.Positions.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private static TaskSpec? Parse(string text, SpecContext context)
    {
        if (FrontMatter.Split(text, context) is not { } front)
        {
            return null;
        }

        context.LineOffset = FrontMatter.YamlLine - 1;
        if (YamlLoader.Load(front.Yaml, context) is not { } root)
        {
            return null;
        }

        var body = MarkdownBody.Read(front.Body, front.BodyLine);
        var spec = SpecBinder.Bind(root, new FieldReader(context)) with
        {
            Instruction = body.Instruction,
            DoneWhen = body.DoneWhen,
        };
        SpecAdvisor.Advise(spec, body, context);
        return spec;
    }
}
