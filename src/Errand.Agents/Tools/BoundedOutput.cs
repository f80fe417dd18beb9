using System.Text;

namespace Errand.Agents.Tools;

/// <summary>
/// Collects a command's output in bounded memory: the first part and the last part are kept, the middle only
/// counted, so a command that prints gigabytes costs the orchestrator a few kilobytes.
/// </summary>
internal sealed class BoundedOutput(int maxChars)
{
    private readonly StringBuilder _head = new();
    private readonly Queue<string> _tail = new();
    private readonly int _headLimit = maxChars / 3;
    private readonly int _tailLimit = maxChars - (maxChars / 3);
    private int _tailChars;
    private long _cutChars;
    private long _cutLines;

    public void Add(string line)
    {
        if (_cutChars == 0 && _tail.Count == 0 && _head.Length + line.Length + 1 <= _headLimit)
        {
            _head.Append(line).Append('\n');
            return;
        }

        _tail.Enqueue(line);
        _tailChars += line.Length + 1;
        while (_tailChars > _tailLimit && _tail.Count > 1)
        {
            var dropped = _tail.Dequeue();
            _tailChars -= dropped.Length + 1;
            _cutChars += dropped.Length + 1;
            _cutLines++;
        }
    }

    public override string ToString()
    {
        var tail = string.Join('\n', _tail);
        var text = _cutChars == 0
            ? _head + tail
            : _head + TextLimit.Note(_cutChars, _cutLines).TrimStart('\n') + tail;

        // A single enormous line can still exceed the bound: cut it too.
        return TextLimit.Truncate(text.TrimEnd('\n'), _headLimit + _tailLimit + 200);
    }
}
