using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Checks the placeholders of an <c>agent: command-template</c> line, pointing at each unknown one.</summary>
internal static class CommandTemplateBinder
{
    public static void Check(YamlNode node, string template, SpecContext context)
    {
        var known = CommandTemplate.Names;
        foreach (var (name, offset) in CommandTemplate.Placeholders(template))
        {
            if (known.Contains(name))
            {
                continue;
            }

            context.Error(SpecCodes.UnknownPlaceholder, At(node, offset, context), "command",
                $"unknown placeholder '{{{name}}}' in command{DidYouMean.Hint(name, known)} "
                + $"(placeholders: {string.Join(", ", known.Select(k => "{" + k + "}"))}; write '{{{{{name}}}}}' for a literal '{{{name}}}')");
        }
    }

    // The placeholder's own column where the value is one line as written (plain or quoted); else where the value starts.
    private static SourcePosition At(YamlNode node, int offset, SpecContext context)
    {
        var start = context.At(node.Start);
        if (node is not YamlScalarNode scalar || node.Start.Line != node.End.Line)
        {
            return start;
        }

        var quote = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        return start with { Column = start.Column + quote + offset };
    }
}
