namespace Errand.Specs;

/// <summary>The <c>provider/model</c> form a spec's <c>model:</c> (and <c>--model</c>) must have.</summary>
public static class ModelName
{
    /// <summary>What a valid name looks like, for messages.</summary>
    public const string Expected = "provider/model with no spaces, e.g. openai/gpt-5-mini or anthropic/claude-sonnet-4-5";

    /// <summary>True for <c>provider/model</c>: both parts non-empty, no whitespace or control characters.</summary>
    public static bool IsValid(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < model.Length - 1 && !model.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }
}
