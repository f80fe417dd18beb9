using System.Globalization;

namespace Errand.Specs;

/// <summary>Checks the hosts of a network allow list: a DNS name, optionally <c>*.</c> in front and <c>:port</c> behind.</summary>
internal static class HostName
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "a DNS name, optionally with a leading '*.' and a ':port': api.nuget.org, *.github.com, registry.npmjs.org:443";

    /// <summary>What is wrong with <paramref name="host"/>, or null when it is acceptable.</summary>
    public static string? Problem(string host)
    {
        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
        {
            return $"is not a host name; give the host only, without scheme or path: {Forms}";
        }

        var name = host;
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            var port = host[(colon + 1)..];
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                return $"has a port '{port}' that is not a number from 1 to 65535";
            }

            name = host[..colon];
        }

        if (name == "*")
        {
            return "would allow every host; write 'network: open' for that, or list the hosts";
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        if (name.Length is 0 or > 253)
        {
            return $"is not a host name: {Forms}; use 'network: open' to allow every host";
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return $"is not a valid DNS name (the part '{YamlNodes.Shorten(label)}' is not allowed): {Forms}";
            }
        }

        return null;
    }
}
