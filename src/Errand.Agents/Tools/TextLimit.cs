using System.Globalization;

namespace Errand.Agents.Tools;

/// <summary>Cuts long tool output so one result cannot flood the model's context, and says how much was cut.</summary>
internal static class TextLimit
{
    /// <summary>
    /// <paramref name="text"/> when it fits; else its head and tail (the end of a build log is where the error is)
    /// around a note saying how many characters and lines were cut.
    /// </summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var keep = Math.Max(maxChars - 120, 0);
        var head = keep / 3;
        var tail = keep - head;
        var cut = text.AsSpan(head, text.Length - head - tail);
        return string.Concat(text.AsSpan(0, head), Note(cut.Length, cut.Count('\n')), text.AsSpan(text.Length - tail));
    }

    public static string Note(long chars, long lines) =>
        string.Create(CultureInfo.InvariantCulture, $"\n[… {chars:N0} characters ({lines:N0} lines) cut from the middle of this output …]\n");
}
