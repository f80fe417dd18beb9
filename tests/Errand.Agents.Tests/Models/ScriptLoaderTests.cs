using Errand.Agents.Models.Scripted;

namespace Errand.Agents.Tests.Models;

public sealed class ScriptLoaderTests
{
    [Fact]
    public void Parse_YamlList_ReadsTextToolsArgumentsExpectationsAndUsage()
    {
        var turns = ScriptLoader.Parse("""
            - text: Looking first.
              tools:
                - read_file: { path: greet.sh, start_line: 2 }
            - expect: Helo
              tools:
                - tool: edit_file
                  args: { path: greet.sh, old_string: "Helo", new_string: "Hello" }
              usage: { input: 1000, output: 50, cost: 0.0125 }
            - tools:
                - finish: { summary: done, verified: true }
            """, "test.yaml");

        Assert.Equal(3, turns.Count);
        Assert.Equal("Looking first.", turns[0].Text);
        Assert.Equal(new ScriptedToolCall("read_file", """{"path":"greet.sh","start_line":2}"""), turns[0].ToolCalls.Single());
        Assert.Equal(new ScriptedToolCall("edit_file", """{"path":"greet.sh","old_string":"Helo","new_string":"Hello"}"""), turns[1].ToolCalls.Single());
        Assert.Equal(("Helo", 1000L, 50L, 0.0125m), (turns[1].Expect, turns[1].InputTokens!.Value, turns[1].OutputTokens!.Value, turns[1].CostUsd!.Value));
        Assert.Equal("""{"summary":"done","verified":true}""", turns[2].ToolCalls.Single().ArgumentsJson);
    }

    [Fact]
    public void Parse_JsonWithTurnsKey_IsAccepted()
    {
        var turns = ScriptLoader.Parse("""{"turns":[{"text":"hi","tools":[{"tool":"finish","args":{"summary":"s"}}]}]}""", "s.json");

        Assert.Equal("finish", turns.Single().ToolCalls.Single().Name);
    }

    [Theory]
    [InlineData("", "a script is a non-empty list")]
    [InlineData("turns: []", "a script is a non-empty list")]
    [InlineData("- 42", "s.yaml:1: a turn is a mapping")]
    [InlineData("- expect: x", "s.yaml:1: a turn needs 'text' or 'tools'")]
    [InlineData("- tools: read_file", "'tools' is a list")]
    [InlineData("- tools:\n  - [a, b]", "a tool call is")]
    [InlineData("- text: [unclosed", "s.yaml")]
    public void Parse_BadScript_SaysWhatIsWrong(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ScriptLoader.Parse(text, "s.yaml"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
