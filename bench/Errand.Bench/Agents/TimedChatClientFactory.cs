using System.Collections.Concurrent;
using Errand.Agents.Models;
using Microsoft.Extensions.AI;

namespace Errand.Bench.Agents;

/// <summary>The real <see cref="ChatClientFactory"/>, with every client it makes timed (<see cref="TimedChatClient"/>).</summary>
internal sealed class TimedChatClientFactory(IChatClientFactory inner) : IChatClientFactory
{
    private ConcurrentBag<TimedChatClient> _clients = [];

    public IReadOnlyCollection<TimedChatClient> Clients => _clients;

    public IChatClient Create(string model, string workspacePath)
    {
        var client = new TimedChatClient(inner.Create(model, workspacePath));
        _clients.Add(client);
        return client;
    }

    public ModelPrice? PriceOf(string model) => inner.PriceOf(model);

    public int? ContextWindowOf(string model) => inner.ContextWindowOf(model);

    /// <summary>Forgets the clients made so far (the warm-up's).</summary>
    public void Reset() => _clients = [];
}
