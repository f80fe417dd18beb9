using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Errand.Bench.Agents;

/// <summary>
/// Wraps the real chat client of one agent run and records when each model call started and when its answer was
/// complete: the gap between one answer and the next request is the orchestrator's work for that turn (tools,
/// journal, workspace snapshot, checkpoint commit, scheduling).
/// </summary>
internal sealed class TimedChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly List<(long Start, long End)> _calls = [];

    public IReadOnlyList<(long Start, long End)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Record(start);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }

        Record(start);
    }

    private void Record(long start)
    {
        var end = Stopwatch.GetTimestamp();
        lock (_calls)
        {
            _calls.Add((start, end));
        }
    }
}
