using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Errand.Specs;

/// <summary>
/// Sits between YamlDotNet's parser and its representation model and keeps out what the model handles badly:
/// aliases (expanded by reference, so a few lines can stand for an exponential tree: refused, and replaced by a
/// placeholder), deep nesting (the model loads recursively and would overflow the stack: parsing stops), and
/// duplicate keys (the model throws on the first: each is reported and dropped, so the rest is still checked).
/// </summary>
internal sealed class GuardedParser(IParser inner, SpecContext context) : IParser
{
    /// <summary>Deeper than any spec needs (the deepest field is four levels down), far shallower than the stack.</summary>
    public const int MaxDepth = 16;

    private readonly Stack<Frame> frames = new();

    public ParsingEvent? Current { get; private set; }

    /// <summary>True when parsing was stopped on purpose; the exception the model then throws is not news.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Where the last event started: the best place to point at when YamlDotNet fails without a mark.</summary>
    public Mark LastMark { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        while (true)
        {
            if (Stopped || !inner.MoveNext() || inner.Current is not { } next)
            {
                Current = null;
                return false;
            }

            LastMark = next.Start;
            if (next is Scalar key && frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey
                && parent.Keys.TryGetValue(key.Value, out var first))
            {
                context.Error(SpecCodes.DuplicateKey, key.Start, Join(parent.Path, key.Value),
                    $"duplicate key '{key.Value}' (first given on line {context.At(first).Line}): keep one of them");
                if (!SkipNode())
                {
                    return false;
                }

                continue;
            }

            Current = Admit(next);
            return true;
        }
    }

    private ParsingEvent Admit(ParsingEvent next)
    {
        if (next is SequenceEnd or MappingEnd)
        {
            frames.TryPop(out _);
            return next;
        }

        if (next is AnchorAlias alias)
        {
            context.Error(SpecCodes.AnchorOrAlias, alias.Start, NullIfEmpty(PathOf(alias)),
                $"YAML aliases (*{alias.Value}) are not allowed in a task spec: write the value out in full");
            context.Refuse(alias.Start);
            return new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.Plain, true, false, alias.Start, alias.End, false);
        }

        if (next is not NodeEvent node)
        {
            return next;
        }

        var path = PathOf(node);

        if (!node.Anchor.IsEmpty)
        {
            context.Error(SpecCodes.AnchorOrAlias, node.Start, NullIfEmpty(path),
                $"YAML anchors (&{node.Anchor}) are not allowed in a task spec: remove the anchor and write values out in full");
            next = WithoutAnchor(node);
        }

        if (next is SequenceStart or MappingStart)
        {
            if (frames.Count >= MaxDepth)
            {
                context.Error(SpecCodes.TooDeep, node.Start, NullIfEmpty(path),
                    $"the front matter nests deeper than {MaxDepth} levels; no spec field needs that. Flatten it");
                Stopped = true;
            }

            frames.Push(new Frame(path, next is MappingStart));
        }

        return next;
    }

    // Works out the field path of a node and moves the parent mapping between expecting a key and a value.
    private string PathOf(ParsingEvent node)
    {
        if (!frames.TryPeek(out var parent))
        {
            return "";
        }

        if (!parent.IsMapping)
        {
            return $"{parent.Path}[{parent.Index++}]";
        }

        if (parent.ExpectKey)
        {
            parent.ExpectKey = false;
            parent.CurrentKey = node is Scalar scalar ? scalar.Value : "?";
            if (node is Scalar)
            {
                parent.Keys[parent.CurrentKey] = node.Start;
            }

            return Join(parent.Path, parent.CurrentKey);
        }

        parent.ExpectKey = true;
        return Join(parent.Path, parent.CurrentKey);
    }

    // Consumes the value of a dropped duplicate key, however nested, still within the depth limit.
    private bool SkipNode()
    {
        var depth = 0;
        do
        {
            if (!inner.MoveNext() || inner.Current is not { } next)
            {
                Current = null;
                return false;
            }

            LastMark = next.Start;
            depth += next.NestingIncrease;
            if (frames.Count + depth > MaxDepth)
            {
                context.Error(SpecCodes.TooDeep, next.Start, null,
                    $"the front matter nests deeper than {MaxDepth} levels; no spec field needs that. Flatten it");
                Stopped = true;
                Current = null;
                return false;
            }
        }
        while (depth > 0);

        return true;
    }

    private static ParsingEvent WithoutAnchor(NodeEvent node) => node switch
    {
        Scalar s => new Scalar(AnchorName.Empty, s.Tag, s.Value, s.Style, s.IsPlainImplicit, s.IsQuotedImplicit, s.Start, s.End, s.IsKey),
        SequenceStart s => new SequenceStart(AnchorName.Empty, s.Tag, s.IsImplicit, s.Style, s.Start, s.End),
        MappingStart m => new MappingStart(AnchorName.Empty, m.Tag, m.IsImplicit, m.Style, m.Start, m.End),
        _ => node,
    };

    private static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private static string? NullIfEmpty(string path) => path.Length == 0 ? null : path;

    private sealed class Frame(string path, bool isMapping)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;

        public string CurrentKey { get; set; } = "?";

        public int Index { get; set; }

        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
    }
}
