using Errand.Agents.Models;

namespace Errand.Agents.Tests.Models;

public sealed class ModelOptionsTests
{
    [Fact]
    public void FromEnvironment_ReadsProviderVariables()
    {
        var env = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-1",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:11434/v1",
            ["ANTHROPIC_API_KEY"] = " ak-2 ",
            ["ERRAND_SCRIPTED_PATH"] = "/scripts/demo.yaml",
        };

        var options = ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal(("sk-1", "http://127.0.0.1:11434/v1", "ak-2", null, "/scripts/demo.yaml"),
            (options.OpenAiApiKey, options.OpenAiBaseUrl!.ToString(), options.AnthropicApiKey, options.AnthropicBaseUrl, options.ScriptedPath));
    }

    [Theory]
    [InlineData("OPENAI_BASE_URL", "localhost:11434")]
    [InlineData("OPENAI_BASE_URL", "ftp://127.0.0.1/v1")]
    [InlineData("ANTHROPIC_BASE_URL", "not a url")]
    public void FromEnvironment_BadUrl_NamesTheVariable(string name, string value) =>
        Assert.Contains(name, Assert.Throws<ArgumentException>(() => ModelOptions.FromEnvironment(n => n == name ? value : null)).Message, StringComparison.Ordinal);

    [Fact]
    public void PriceTable_Parse_ReadsPricesPerMillionTokens()
    {
        var prices = ModelPriceTable.Parse("""
            prices:
              openai/gpt-5-mini: { input: 0.25, output: 2.00 }
              claude-sonnet-4-5: { input: 3, output: 15 }
            """, "models.yaml");
        var options = new ModelOptions { Prices = prices };

        Assert.Equal(new ModelPrice(0.25m, 2.00m), options.PriceOf(ModelReference.Parse("OPENAI/gpt-5-mini")));
        Assert.Equal(new ModelPrice(3m, 15m), options.PriceOf(ModelReference.Parse("anthropic/claude-sonnet-4-5")));
        Assert.Null(options.PriceOf(ModelReference.Parse("openai/other")));
        Assert.Equal(0.0045m, new ModelPrice(3m, 15m).Cost(1_000, 100));
    }

    [Theory]
    [InlineData("prices: [1, 2]", "'prices' must map")]
    [InlineData("prices:\n  m: 3", "the price of 'm'")]
    [InlineData("prices:\n  m: { input: 1 }", "'m' needs 'output:'")]
    [InlineData("prices:\n  m: { input: -1, output: 1 }", "'m' needs 'input:'")]
    public void PriceTable_Parse_Bad_SaysWhy(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => ModelPriceTable.Parse(text, "models.yaml")).Message, StringComparison.Ordinal);

    [Fact]
    public void ContextWindows_Parse_ReadsTokensPerModel_BesideThePrices()
    {
        var windows = ModelContextWindows.Parse("""
            prices:
              openai/gpt-5-mini: { input: 0.25, output: 2.00 }
            context_windows:
              openai/llama3.1: 8192
              claude-sonnet-4-5: 200_000
            """, "models.yaml");
        var options = new ModelOptions { ContextWindows = windows }.Validated();

        Assert.Equal(8192, options.ContextWindowOf(ModelReference.Parse("OPENAI/llama3.1")));
        Assert.Equal(200_000, options.ContextWindowOf(ModelReference.Parse("anthropic/claude-sonnet-4-5")));
        Assert.Null(options.ContextWindowOf(ModelReference.Parse("openai/gpt-5-mini")));
        Assert.Empty(ModelContextWindows.Parse("prices: {}", "models.yaml"));
    }

    [Theory]
    [InlineData("context_windows: [1, 2]", "'context_windows' must map")]
    [InlineData("context_windows:\n  m: { tokens: 8192 }", "models.yaml (line 2): the context window of 'm' must be a whole number")]
    [InlineData("context_windows:\n  m: 8k", "the context window of 'm'")]
    [InlineData("context_windows:\n  m: 999", "at least 1,000")]
    public void ContextWindows_Parse_Bad_SaysWhy(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => ModelContextWindows.Parse(text, "models.yaml")).Message, StringComparison.Ordinal);

    [Fact]
    public void Validated_TooSmallContextWindow_NamesTheModel() =>
        Assert.Contains("'openai/tiny'", Assert.Throws<ArgumentException>(() => new ModelOptions { ContextWindows = new Dictionary<string, int> { ["openai/tiny"] = 10 } }.Validated()).Message, StringComparison.Ordinal);
}
