using Errand.Agents.Models;

namespace Errand.Agents.Tests.Models;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("openai/gpt-5-mini", "openai", "gpt-5-mini")]
    [InlineData("OpenAI/gpt-5-mini", "openai", "gpt-5-mini")]
    [InlineData("openai/meta-llama/llama-3.1-8b", "openai", "meta-llama/llama-3.1-8b")]
    [InlineData("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5")]
    [InlineData("scripted/demo/fix.yaml", "scripted", "demo/fix.yaml")]
    [InlineData("scripted//abs/fix.yaml", "scripted", "/abs/fix.yaml")]
    [InlineData("scripted", "scripted", "")]
    public void Parse_Valid_SplitsProviderAndModel(string text, string provider, string model) =>
        Assert.Equal(new ModelReference(provider, model), ModelReference.Parse(text));

    [Theory]
    [InlineData(null, "needs 'model: provider/model'")]
    [InlineData("  ", "needs 'model: provider/model'")]
    [InlineData("gpt-5", "unknown model provider 'gpt-5'")]
    [InlineData("anthropic/", "names no model")]
    public void Parse_Invalid_SaysWhy(string? text, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => ModelReference.Parse(text)).Message, StringComparison.Ordinal);
}
