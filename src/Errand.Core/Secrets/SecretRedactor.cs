using System.Buffers;
using System.Text;

namespace Errand.Secrets;

/// <summary>
/// Replaces every secret value in a text with <c>[redacted:NAME]</c>, including the value's common encodings
/// (base64 standard and URL-safe, padded or not and at any alignment inside longer base64; percent-encoding in
/// upper and lower hex; hex; JSON escaping). Immutable and thread-safe: build one per set of secrets and share it.
/// </summary>
/// <remarks>
/// Values shorter than <see cref="MinimumLength"/> characters are ignored: they are too short to redact without
/// destroying ordinary text (a secret "on" would blank every "on" in a log), so they are not protected here.
/// </remarks>
public sealed class SecretRedactor
{
    /// <summary>The shortest value (and the shortest encoded fragment) that is redacted.</summary>
    public const int MinimumLength = 4;

    private readonly (string Pattern, string Replacement)[] _patterns;
    private readonly SearchValues<string>? _search;

    /// <summary>A redactor for these secrets, by name.</summary>
    public SecretRedactor(IEnumerable<KeyValuePair<string, string>> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var byPattern = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in secrets)
        {
            if (value is null || value.Length < MinimumLength)
            {
                continue;
            }

            foreach (var form in SecretEncodings.Of(value))
            {
                // When two secrets share a form, the first named keeps it: either way the value is hidden.
                byPattern.TryAdd(form, $"[redacted:{name}]");
            }
        }

        // Longest first, so at any position the most complete match wins (a padded base64 form over its
        // unpadded prefix, a secret over a shorter secret it contains).
        _patterns = [.. byPattern.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
        _search = _patterns.Length == 0 ? null : SearchValues.Create([.. _patterns.Select(p => p.Pattern)], StringComparison.Ordinal);
    }

    /// <summary>A redactor that redacts nothing.</summary>
    public static SecretRedactor Empty { get; } = new([]);

    /// <summary>
    /// The length of the longest form searched for. A caller redacting a stream in chunks must hold back this
    /// many characters minus one at the end of each chunk, or a secret split across two chunks escapes.
    /// </summary>
    public int LongestForm => _patterns.Length == 0 ? 0 : _patterns[0].Pattern.Length;

    /// <summary>True when this redactor has anything to look for.</summary>
    public bool IsEmpty => _search is null;

    /// <summary>True when <paramref name="text"/> holds a secret in any of the recognised forms.</summary>
    public bool ContainsSecret(ReadOnlySpan<char> text) => _search is not null && text.IndexOfAny(_search) >= 0;

    /// <summary>The text with every secret replaced; the same instance when there is nothing to replace.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_search is null)
        {
            return text;
        }

        // One vectorised search over all forms: the common case, a line without secrets, costs a single scan.
        var next = text.AsSpan().IndexOfAny(_search);
        if (next < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (next >= 0)
        {
            var at = position + next;
            builder.Append(text, position, at - position);
            var (pattern, replacement) = LongestAt(text.AsSpan(at));
            builder.Append(replacement);
            position = at + pattern.Length;
            next = text.AsSpan(position).IndexOfAny(_search);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>
    /// A JSON document with every secret replaced in its strings, property names and numbers, however they are
    /// escaped; still valid JSON. The same instance when it holds no secret.
    /// </summary>
    public string RedactJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return _search is null ? json : SecretJsonRedaction.Redact(this, json);
    }

    private (string Pattern, string Replacement) LongestAt(ReadOnlySpan<char> text)
    {
        foreach (var entry in _patterns)
        {
            if (text.StartsWith(entry.Pattern, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        throw new InvalidOperationException("SearchValues reported a match no pattern starts with.");
    }
}
