namespace Errand.Sandboxing.Network;

/// <summary>The hosts a sandbox may reach: exact names, <c>*.suffix</c> wildcards, each optionally with <c>:port</c>.</summary>
internal sealed class HostAllowList(IReadOnlyList<string> entries)
{
    public bool Allows(string host, int port)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        foreach (var entry in entries)
        {
            var (name, entryPort) = Split(entry.ToLowerInvariant());
            if (entryPort is { } p && p != port)
            {
                continue;
            }

            // "*.example.org" covers sub.example.org but not example.org itself, nor evilexample.org.
            if (name.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(name[1..], StringComparison.Ordinal) : host == name)
            {
                return true;
            }
        }

        return false;
    }

    private static (string Name, int? Port) Split(string entry)
    {
        var colon = entry.LastIndexOf(':');
        return colon > 0 && int.TryParse(entry.AsSpan(colon + 1), out var port) ? (entry[..colon], port) : (entry, null);
    }
}
