using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Loads front matter into YamlDotNet's representation model, turning every failure into a diagnostic.</summary>
internal static class YamlLoader
{
    /// <summary>The root mapping, or null when there is nothing to bind (the reason is already reported).</summary>
    public static YamlMappingNode? Load(string yaml, SpecContext context)
    {
        var guard = new GuardedParser(new Parser(new StringReader(yaml)), context);
        var stream = new YamlStream();
        try
        {
            stream.Load(guard);
        }
        catch (Exception) when (guard.Stopped)
        {
            return null;
        }
        catch (YamlException ex) when (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabIndentedLine(yaml) is { } line)
        {
            // YamlDotNet points at the mapping the tab broke, which may be far above; the tab itself is what to fix.
            context.Error(SpecCodes.YamlSyntax, new SourcePosition(line + FrontMatter.YamlLine - 1, 1), null,
                "YAML syntax error: this line is indented with a tab; YAML indents with spaces only");
            return null;
        }
        catch (YamlException ex)
        {
            var at = ex.Start.Line > 0 ? ex.Start : guard.LastMark;
            context.Error(SpecCodes.YamlSyntax, at.Line > 0 ? context.At(at) : new SourcePosition(FrontMatter.YamlLine, 1), null,
                $"YAML syntax error: {Describe(ex)} Check the indentation, quoting and brackets here.");
            return null;
        }
        catch (Exception)
        {
            // YamlDotNet fails on some malformed input (an unclosed flow list followed by more keys) with a bare
            // InvalidOperationException and no mark; the last event it produced is the nearest place to point at.
            var at = guard.LastMark.Line > 0 ? context.At(guard.LastMark) : new SourcePosition(FrontMatter.YamlLine, 1);
            context.Error(SpecCodes.YamlSyntax, at, null,
                "YAML syntax error near here (an unclosed '[' or '{', or a stray character?). "
                + "Check the indentation, quoting and brackets.");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            context.Error(SpecCodes.FrontMatterNotMapping, new SourcePosition(1, 1), null,
                "the front matter is empty: give at least 'title:', and 'verify:' so the result can be checked");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(SpecCodes.MultipleDocuments, stream.Documents[1].RootNode, null,
                "the front matter holds more than one YAML document; remove the '...' or '---' markers inside it");
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (!context.IsRefused(root))
        {
            context.Error(SpecCodes.FrontMatterNotMapping, root, null,
                $"the front matter must be a mapping of fields ('title: ...', 'verify: ...'), not {YamlNodes.Describe(root)}");
        }

        return null;
    }

    // The 1-based line of the first line whose indentation holds a tab, or null.
    private static int? TabIndentedLine(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t') && lines[i].Trim().Length > 0)
            {
                return i + 1;
            }
        }

        return null;
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.Message.Trim();
        return message.EndsWith('.') ? message : message + ".";
    }
}
