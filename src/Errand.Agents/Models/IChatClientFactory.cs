using Microsoft.Extensions.AI;

namespace Errand.Agents.Models;

/// <summary>Makes the chat client for a spec's <c>model:</c>.</summary>
public interface IChatClientFactory
{
    /// <summary>
    /// A client for <paramref name="model"/> (<c>provider/model</c>); <paramref name="workspacePath"/> anchors a
    /// relative scripted path. Throws <see cref="ArgumentException"/> when the model cannot be reached as configured.
    /// </summary>
    IChatClient Create(string model, string workspacePath);

    /// <summary>The configured price of <paramref name="model"/>, or null.</summary>
    ModelPrice? PriceOf(string model);

    /// <summary>The configured context window of <paramref name="model"/> in tokens, or null for the agent's default.</summary>
    int? ContextWindowOf(string model) => null;
}
