namespace Errand.Agents.Models;

/// <summary>The provider names a spec's <c>model:</c> may start with.</summary>
public static class ModelProviders
{
    /// <summary>OpenAI Chat Completions, or any compatible endpoint through <c>OPENAI_BASE_URL</c>.</summary>
    public const string OpenAi = "openai";

    /// <summary>Anthropic Messages.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>A scripted conversation replayed from a file: the demo and the tests.</summary>
    public const string Scripted = "scripted";
}
