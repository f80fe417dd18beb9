using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Errand.Notifications.Configuration;

/// <summary>A YAML parser that remembers where its last event started, to point at a failure that carries no position.</summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public Mark LastMark { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (moved && inner.Current is { } current)
        {
            LastMark = current.Start;
        }

        return moved;
    }
}
