using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed partial class SpecParserTests
{
    [Fact]
    public void Parse_CommandTemplate_TakesLineWithShellBracesWithoutDiagnostics()
    {
        var line = "my-agent --model {model} --round {round} --task-file {prompt_file} -- ${HOME} $(awk '{print $1}' f) {a,b} '{{.Id}}'";

        var result = Parse($"title: t\nagent: command-template\ncommand: \"{line.Replace("\\", "\\\\", StringComparison.Ordinal)}\"\nverify: make\nbudget: {{ time: 5m }}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal((AgentNames.CommandTemplate, line), (result.Spec!.Agent, result.Spec.Command));
    }

    [Theory]
    [InlineData("command: my-agent {prompt} {promt}", 28)]
    [InlineData("command: 'my-agent {prompt} {promt}'", 29)]
    [InlineData("command: \"my-agent {prompt} {promt}\"", 29)]
    public void Parse_CommandTemplateUnknownPlaceholder_PointsAtItsLineAndColumn(string yaml, int column)
    {
        var result = Parse("title: t\nagent: command-template\n" + yaml);

        var error = Assert.Single(result.Diagnostics, d => d.Code == SpecCodes.UnknownPlaceholder);
        Assert.Equal((4, column, "command"), (error.Line, error.Column, error.Field));
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Parse_PlaceholderInPlainCommandAgent_IsLeftToTheShell()
    {
        var result = Parse("title: t\nagent: command\ncommand: echo {anything}\nverify: make\nbudget: { time: 5m }");

        Assert.Empty(result.Diagnostics);
    }
}
