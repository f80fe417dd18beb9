namespace Errand.Agents.Models;

/// <summary>A spec's <c>model:</c> value split into provider and model, e.g. <c>openai/gpt-5-mini</c>.</summary>
/// <param name="Provider">openai, anthropic or scripted (lower case).</param>
/// <param name="Model">The provider's model id; for scripted, the script path (may be empty).</param>
internal sealed record ModelReference(string Provider, string Model)
{
    /// <summary>Known providers.</summary>
    public static IReadOnlyList<string> Providers { get; } = [ModelProviders.OpenAi, ModelProviders.Anthropic, ModelProviders.Scripted];

    /// <summary>The text as written in a spec.</summary>
    public override string ToString() => Model.Length == 0 ? Provider : $"{Provider}/{Model}";

    /// <summary>Parses <c>provider/model</c>; a bare <c>scripted</c> is allowed (its path comes from configuration).</summary>
    /// <exception cref="ArgumentException">The value is empty, has no provider, or names an unknown one.</exception>
    public static ModelReference Parse(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ArgumentException("the builtin agent needs 'model: provider/model' (e.g. openai/gpt-5-mini, anthropic/claude-sonnet-4-5, scripted/path/to/script.yaml)");
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var provider = (slash < 0 ? text : text[..slash]).ToLowerInvariant();
        var model = slash < 0 ? "" : text[(slash + 1)..];
        if (!Providers.Contains(provider))
        {
            throw new ArgumentException($"unknown model provider '{provider}' in '{text}'; use one of: {string.Join(", ", Providers)}");
        }

        if (model.Length == 0 && provider != ModelProviders.Scripted)
        {
            throw new ArgumentException($"'{text}' names no model; write {provider}/MODEL");
        }

        return new ModelReference(provider, model);
    }
}
