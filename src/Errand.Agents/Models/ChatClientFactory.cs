using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Errand.Agents.Models.Scripted;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Errand.Agents.Models;

/// <summary>The chat clients Errand ships: OpenAI (and any compatible endpoint), Anthropic, and the scripted replay.</summary>
public sealed class ChatClientFactory(ModelOptions options) : IChatClientFactory
{
    private readonly ModelOptions _options = options.Validated();

    /// <inheritdoc/>
    public IChatClient Create(string model, string workspacePath)
    {
        var reference = ModelReference.Parse(model);
        return reference.Provider switch
        {
            ModelProviders.OpenAi => OpenAi(reference.Model),
            ModelProviders.Anthropic => Anthropic(reference.Model),
            _ => Scripted(reference.Model, workspacePath),
        };
    }

    /// <inheritdoc/>
    public ModelPrice? PriceOf(string model) => _options.PriceOf(ModelReference.Parse(model));

    /// <inheritdoc/>
    public int? ContextWindowOf(string model) => _options.ContextWindowOf(ModelReference.Parse(model));

    private IChatClient OpenAi(string model)
    {
        if (_options.OpenAiApiKey is null && _options.OpenAiBaseUrl is null)
        {
            throw new ArgumentException("model 'openai/...' needs OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible endpoint");
        }

        var client = new OpenAIClient(
            // Local compatible servers (Ollama, llama.cpp) want no key, but the client insists on one.
            new ApiKeyCredential(_options.OpenAiApiKey ?? "no-key"),
            new OpenAIClientOptions
            {
                Endpoint = _options.OpenAiBaseUrl,
                NetworkTimeout = _options.RequestTimeout,
                RetryPolicy = new ClientRetryPolicy(_options.MaxRetries),
            });
        return client.GetChatClient(model).AsIChatClient();
    }

    private IChatClient Anthropic(string model)
    {
        if (_options.AnthropicApiKey is null)
        {
            throw new ArgumentException("model 'anthropic/...' needs ANTHROPIC_API_KEY");
        }

        IAnthropicClient client = new AnthropicClient
        {
            ApiKey = _options.AnthropicApiKey,
            MaxRetries = _options.MaxRetries,
            Timeout = _options.RequestTimeout,
        };
        if (_options.AnthropicBaseUrl is { } url)
        {
            client = client.WithOptions(o => o with { BaseUrl = url.ToString().TrimEnd('/') });
        }

        return client.AsIChatClient(model, _options.MaxOutputTokens);
    }

    private ScriptedChatClient Scripted(string path, string workspacePath)
    {
        path = path.Length > 0 ? path : _options.ScriptedPath
            ?? throw new ArgumentException("model 'scripted' needs a script: write scripted/PATH or set ERRAND_SCRIPTED_PATH");

        // A relative script lives in the repository, so any worker on any host finds the same one.
        var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(workspacePath, path));
        return new ScriptedChatClient(ScriptLoader.Load(full), full);
    }
}
