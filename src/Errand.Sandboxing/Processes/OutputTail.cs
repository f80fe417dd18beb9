using System.Text;

namespace Errand.Sandboxing.Processes;

/// <summary>Keeps the last lines of a command's output, bounded in lines and characters, for reports.</summary>
internal sealed class OutputTail(int maxLines = 40, int maxChars = 8_000)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private int _chars;
    private long _dropped;

    public void Add(string line)
    {
        if (line.Length > maxChars)
        {
            line = string.Concat(line.AsSpan(0, maxChars), "… (line truncated)");
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            _chars += line.Length + 1;
            while (_lines.Count > maxLines || (_chars > maxChars && _lines.Count > 1))
            {
                _chars -= _lines.Dequeue().Length + 1;
                _dropped++;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var builder = new StringBuilder();
            if (_dropped > 0)
            {
                builder.Append("… (").Append(_dropped).Append(" earlier lines)\n");
            }

            return builder.AppendJoin('\n', _lines).ToString();
        }
    }
}
