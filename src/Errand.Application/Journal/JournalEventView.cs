using System.Text.Json;
using Errand.Journal;

namespace Errand.Application.Journal;

/// <summary>A journal event as the API sends it: its data as a JSON object rather than a string.</summary>
/// <param name="Seq">Its position; resume after it.</param>
/// <param name="TaskId">The task.</param>
/// <param name="At">When it was written.</param>
/// <param name="Attempt">The attempt it belongs to.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A one-line reading (data: shown as text, never as markup).</param>
/// <param name="Data">Structured detail, or null.</param>
public sealed record JournalEventView(long Seq, long TaskId, DateTimeOffset At, int Attempt, string Kind, string Message, JsonElement? Data)
{
    /// <summary>The view of <paramref name="e"/>.</summary>
    /// <param name="e">The stored event.</param>
    public static JournalEventView From(JournalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Seq, e.TaskId, e.At, e.Attempt, e.Kind, e.Message, e.DataJson is null ? null : JsonElement.Parse(e.DataJson));
    }
}
