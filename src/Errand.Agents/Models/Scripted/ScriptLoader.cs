using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Agents.Models.Scripted;

/// <summary>
/// Reads a scripted conversation: YAML or JSON, either a list of turns or <c>{ turns: [...] }</c>. A turn has
/// <c>text</c>, <c>tools</c> (each <c>{ tool_name: { args } }</c> or <c>{ tool: name, args: { … } }</c>),
/// optionally <c>expect</c> (text the last tool result must contain) and <c>usage: { input, output, cost }</c>.
/// </summary>
internal static class ScriptLoader
{
    public static IReadOnlyList<ScriptedTurn> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"scripted model: no script at '{path}'", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<ScriptedTurn> Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{source}: {ex.Message}", ex);
        }

        var root = yaml.Documents.Count == 0 ? null : yaml.Documents[0].RootNode;
        if (root is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("turns"), out var turnsNode))
        {
            root = turnsNode;
        }

        if (root is not YamlSequenceNode turns || turns.Children.Count == 0)
        {
            throw new FormatException($"{source}: a script is a non-empty list of assistant turns (or 'turns:' holding one)");
        }

        return [.. turns.Children.Select(t => ParseTurn(t, source))];
    }

    private static ScriptedTurn ParseTurn(YamlNode node, string source)
    {
        var line = (int)node.Start.Line;
        if (node is not YamlMappingNode turn)
        {
            throw new FormatException($"{source}:{line}: a turn is a mapping with 'text' and/or 'tools'");
        }

        var text = Scalar(turn, "text") ?? "";
        var calls = new List<ScriptedToolCall>();
        if (turn.Children.TryGetValue(new YamlScalarNode("tools"), out var tools))
        {
            if (tools is not YamlSequenceNode list)
            {
                throw new FormatException($"{source}:{tools.Start.Line}: 'tools' is a list of tool calls");
            }

            calls.AddRange(list.Children.Select(c => ParseCall(c, source)));
        }

        if (text.Length == 0 && calls.Count == 0)
        {
            throw new FormatException($"{source}:{line}: a turn needs 'text' or 'tools'");
        }

        var usage = turn.Children.TryGetValue(new YamlScalarNode("usage"), out var u) ? u as YamlMappingNode : null;
        return new ScriptedTurn(text, calls)
        {
            Expect = Scalar(turn, "expect"),
            InputTokens = usage is null ? null : Long(Scalar(usage, "input")),
            OutputTokens = usage is null ? null : Long(Scalar(usage, "output")),
            CostUsd = usage is null || Scalar(usage, "cost") is not { } cost ? null : decimal.Parse(cost, CultureInfo.InvariantCulture),
            Line = line,
        };
    }

    private static ScriptedToolCall ParseCall(YamlNode node, string source)
    {
        if (node is YamlMappingNode call && Scalar(call, "tool") is { } name)
        {
            var args = call.Children.TryGetValue(new YamlScalarNode("args"), out var a) ? a : new YamlMappingNode();
            return new ScriptedToolCall(name, ToJsonObject(args).ToJsonString());
        }

        if (node is YamlMappingNode single && single.Children.Count == 1)
        {
            var (key, value) = single.Children.First();
            var args = value is YamlScalarNode { Value: null or "" } ? new YamlMappingNode() : value;
            return new ScriptedToolCall(((YamlScalarNode)key).Value ?? "", ToJsonObject(args).ToJsonString());
        }

        throw new FormatException($"{source}:{node.Start.Line}: a tool call is '- tool_name: {{ args }}' or '- {{ tool: name, args: {{ … }} }}'");
    }

    private static JsonNode ToJsonObject(YamlNode node) => ToJson(node) ?? new JsonObject();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => null,
    };

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (value is "null" or "~" or "")
            {
                return null;
            }

            if (value is "true" or "false")
            {
                return JsonValue.Create(value == "true");
            }

            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(value);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static long? Long(string? text) => text is null ? null : long.Parse(text, CultureInfo.InvariantCulture);
}
