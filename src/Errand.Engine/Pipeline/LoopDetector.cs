using System.Globalization;
using Errand.Agents;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Spots an agent stuck in a loop: the same failing action (same tool, same arguments, same failure) <c>limit</c>
/// times among its last <c>2 × limit</c> tool results. Reading a file between two identical failing test runs does
/// not hide the loop; a failure that changes (the agent is getting somewhere) is a different action.
/// </summary>
internal sealed class LoopDetector(int limit)
{
    private readonly Queue<string?> _recent = new();

    /// <returns>Why the run should stop, or null.</returns>
    public string? Observe(AgentToolResult result)
    {
        var key = result.Failed ? $"{result.Tool}\n{result.ArgumentsJson}\n{result.Summary}" : null;
        _recent.Enqueue(key);
        if (_recent.Count > 2 * limit)
        {
            _recent.Dequeue();
        }

        if (key is null)
        {
            return null;
        }

        var repeats = _recent.Count(k => k == key);
        return repeats < limit
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"stuck in a loop: the same failing action was repeated {repeats} times: {result.Tool} {Clip(result.ArgumentsJson)} → {Clip(result.Summary)}");
    }

    private static string Clip(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "...");
}
