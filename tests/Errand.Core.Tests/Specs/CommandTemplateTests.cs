using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class CommandTemplateTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["prompt"] = "'fix it'",
        ["prompt_file"] = "/tmp/p/prompt.md",
        ["model"] = "'openai/gpt-5'",
        ["round"] = "2",
    };

    // Each row: a template and what it expands to.
    public static TheoryData<string, string> Expansions => new()
    {
        { "agent {prompt}", "agent 'fix it'" },
        { "{prompt}", "'fix it'" },
        { "agent -f {prompt_file} -m {model} -r {round}", "agent -f /tmp/p/prompt.md -m 'openai/gpt-5' -r 2" },
        { "agent {prompt}{round}", "agent 'fix it'2" },
        { "echo ${prompt} $HOME", "echo ${prompt} $HOME" },
        { "awk '{print $1}' f", "awk '{print $1}' f" },
        { "cp f{a,b}", "cp f{a,b}" },
        { "docker inspect -f '{{.Id}}'", "docker inspect -f '{{.Id}}'" },
        { "echo {{prompt}} {prompt}", "echo {prompt} 'fix it'" },
        { "echo {1x} {} { prompt } {prompt", "echo {1x} {} { prompt } {prompt" },
        { "", "" },
        { "{", "{" },
        { "}{", "}{" },
    };

    // Each row: a template and the placeholders found in it, as name@offset.
    public static TheoryData<string, string> Found => new()
    {
        { "agent {prompt} {modle}", "prompt@6 modle@15" },
        { "a {{prompt}} ${round} {x_1}", "x_1@22" },
        { "{_private}", "_private@0" },
        { "awk '{print $1}'", "" },
    };

    [Theory]
    [MemberData(nameof(Expansions))]
    public void Expand_Template_FillsPlaceholdersAndLeavesTheShellAlone(string template, string expected) =>
        Assert.Equal(expected, CommandTemplate.Expand(template, Values));

    [Theory]
    [MemberData(nameof(Found))]
    public void Placeholders_Template_FindsEachWithItsOffset(string template, string expected) =>
        Assert.Equal(expected, string.Join(' ', CommandTemplate.Placeholders(template).Select(p => $"{p.Name}@{p.Offset}")));

    [Fact]
    public void Expand_UnknownPlaceholder_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CommandTemplate.Expand("agent {task}", Values));

        Assert.Contains("'{task}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent {prompt}", true)]
    [InlineData("agent --file {prompt_file}", true)]
    [InlineData("agent {{prompt}} ${prompt_file}", false)]
    [InlineData("agent {model}", false)]
    public void TakesPrompt_Template_TrueOnlyForPromptPlaceholders(string template, bool expected) =>
        Assert.Equal(expected, CommandTemplate.TakesPrompt(template));
}
