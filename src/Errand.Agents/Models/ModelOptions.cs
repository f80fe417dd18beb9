namespace Errand.Agents.Models;

/// <summary>
/// How the builtin agent reaches models: endpoints and keys per provider, and the price table that gives a turn's
/// cost when the provider reports none. Bound once at start-up (<see cref="FromEnvironment"/>) and validated there.
/// </summary>
public sealed record ModelOptions
{
    /// <summary><c>OPENAI_API_KEY</c>; optional when <see cref="OpenAiBaseUrl"/> points at a local server that needs none.</summary>
    public string? OpenAiApiKey { get; init; }

    /// <summary><c>OPENAI_BASE_URL</c>: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter), e.g. <c>http://127.0.0.1:11434/v1</c>.</summary>
    public Uri? OpenAiBaseUrl { get; init; }

    /// <summary><c>ANTHROPIC_API_KEY</c>.</summary>
    public string? AnthropicApiKey { get; init; }

    /// <summary><c>ANTHROPIC_BASE_URL</c>, for a proxy or a compatible endpoint.</summary>
    public Uri? AnthropicBaseUrl { get; init; }

    /// <summary><c>ERRAND_SCRIPTED_PATH</c>: the script a bare <c>model: scripted</c> replays.</summary>
    public string? ScriptedPath { get; init; }

    /// <summary>Prices keyed by <c>provider/model</c> (or the bare model id), case-insensitive.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>();

    /// <summary>Context windows in tokens keyed by <c>provider/model</c> (or the bare model id), case-insensitive.</summary>
    public IReadOnlyDictionary<string, int> ContextWindows { get; init; } = new Dictionary<string, int>();

    /// <summary>The most output tokens one model turn may produce.</summary>
    public int MaxOutputTokens { get; init; } = 8192;

    /// <summary>How long one model call may take before it fails.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a failed model call inside the provider's client (rate limits, 5xx).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Reads the provider variables; the price table and the context windows come from the models file.</summary>
    public static ModelOptions FromEnvironment(
        Func<string, string?> variable, IReadOnlyDictionary<string, ModelPrice>? prices = null, IReadOnlyDictionary<string, int>? contextWindows = null) => new ModelOptions
    {
        OpenAiApiKey = Blank(variable("OPENAI_API_KEY")),
        OpenAiBaseUrl = Url(variable("OPENAI_BASE_URL"), "OPENAI_BASE_URL"),
        AnthropicApiKey = Blank(variable("ANTHROPIC_API_KEY")),
        AnthropicBaseUrl = Url(variable("ANTHROPIC_BASE_URL"), "ANTHROPIC_BASE_URL"),
        ScriptedPath = Blank(variable("ERRAND_SCRIPTED_PATH")),
        Prices = prices ?? new Dictionary<string, ModelPrice>(),
        ContextWindows = contextWindows ?? new Dictionary<string, int>(),
    }.Validated();

    /// <summary>Returns this instance, or throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public ModelOptions Validated()
    {
        foreach (var (name, url) in new[] { ("OPENAI_BASE_URL", OpenAiBaseUrl), ("ANTHROPIC_BASE_URL", AnthropicBaseUrl) })
        {
            if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                throw new ArgumentException($"{name} must be an absolute http(s) URL, not '{url}'");
            }
        }

        if (MaxOutputTokens <= 0 || MaxRetries < 0 || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("model options: max output tokens and the request timeout must be positive, retries not negative");
        }

        var bad = Prices.FirstOrDefault(p => p.Value.InputPerMillion < 0 || p.Value.OutputPerMillion < 0);
        if (bad.Value is not null)
        {
            throw new ArgumentException($"the price of '{bad.Key}' is negative");
        }

        var small = ContextWindows.FirstOrDefault(w => w.Value < ModelContextWindows.MinTokens);
        if (small.Key is not null)
        {
            throw new ArgumentException($"the context window of '{small.Key}' must be at least {ModelContextWindows.MinTokens:N0} tokens");
        }

        return this;
    }

    /// <summary>The configured price of a model, or null.</summary>
    internal ModelPrice? PriceOf(ModelReference model) => Find(Prices, model);

    /// <summary>The configured context window of a model in tokens, or null.</summary>
    internal int? ContextWindowOf(ModelReference model) => Find(ContextWindows, model) is { } tokens and > 0 ? tokens : null;

    // By provider/model first, then by the bare model id.
    private static T? Find<T>(IReadOnlyDictionary<string, T> table, ModelReference model)
    {
        foreach (var (key, value) in table)
        {
            if (string.Equals(key, model.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return table.FirstOrDefault(p => string.Equals(p.Key, model.Model, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? Url(string? value, string name)
    {
        var text = Blank(value);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"{name} must be an absolute http(s) URL, not '{text}'");
    }
}
