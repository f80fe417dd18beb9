using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Errand.Secrets;

/// <summary>
/// The forms a secret value commonly takes once a program has printed it: as is, base64 (standard and URL-safe,
/// padded or not, and embedded in a longer base64 string at any alignment), percent-encoded, hex and JSON-escaped.
/// </summary>
internal static class SecretEncodings
{
    // Built once: a JsonSerializerOptions instance carries its own metadata cache, warmed afresh by each new one.
    private static readonly JsonSerializerOptions Strict = JsonOptions(JavaScriptEncoder.Default);
    private static readonly JsonSerializerOptions Relaxed = JsonOptions(JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>Every distinct form of <paramref name="value"/> worth searching for (the value itself included).</summary>
    public static IReadOnlyList<string> Of(string value)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { value };
        var bytes = Encoding.UTF8.GetBytes(value);

        foreach (var b64 in Base64Forms(bytes))
        {
            forms.Add(b64);
            forms.Add(UrlSafe(b64));
        }

        var escaped = Uri.EscapeDataString(value);
        forms.Add(escaped);
        forms.Add(LowerPercentHex(escaped));
        // HTML forms and query strings write a space as '+'.
        forms.Add(escaped.Replace("%20", "+", StringComparison.Ordinal));
        var everyByte = string.Concat(bytes.Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        forms.Add(everyByte);
        forms.Add(everyByte.ToLowerInvariant());

        forms.Add(Convert.ToHexStringLower(bytes));
        forms.Add(Convert.ToHexString(bytes));

        forms.Add(JsonEscaped(value, Strict));
        forms.Add(JsonEscaped(value, Relaxed));

        // Output is journaled line by line, so a multi-line value (a PEM key, a kubeconfig) printed as is never
        // appears whole in one event: each of its lines is a form of its own. Trimmed, because indentation changes
        // when it is printed; punctuation-only lines ("}," "---") are left alone, they would blank ordinary text.
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            foreach (var line in value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Any(char.IsLetterOrDigit))
                {
                    forms.Add(line);
                }
            }
        }

        // A fragment shorter than the minimum would match ordinary text too often to be worth the damage.
        forms.RemoveWhere(f => f.Length < SecretRedactor.MinimumLength);
        return [.. forms];
    }

    private static IEnumerable<string> Base64Forms(byte[] bytes)
    {
        var whole = Convert.ToBase64String(bytes);
        yield return whole;
        yield return whole.TrimEnd('=');

        // `base64` wraps its output at 76 columns and PEM tools at 64, and output is journaled line by line: each
        // full line of a long value's base64 is a form of its own (a short last line says too little to matter).
        foreach (var width in (int[])[64, 76])
        {
            for (var start = 0; start + width <= whole.Length && whole.Length > width; start += width)
            {
                yield return whole.Substring(start, width);
            }
        }

        // Inside a longer base64 string the secret starts at byte offset 0, 1 or 2 of a 3-byte group, and the
        // characters at its edges mix in bits of the neighbouring bytes. Keep only the characters made purely
        // of the secret's bits: for offset k those are characters ceil(8k/6) up to (not including) floor(8(k+n)/6).
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + bytes.Length + 2];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            var start = ((8 * offset) + 5) / 6;
            var end = 8 * (offset + bytes.Length) / 6;
            if (end > start)
            {
                yield return encoded[start..end];
            }
        }
    }

    private static string UrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_');

    private static string LowerPercentHex(string escaped)
    {
        var builder = new StringBuilder(escaped);
        for (var i = 0; i + 2 < builder.Length; i++)
        {
            if (builder[i] == '%')
            {
                builder[i + 1] = char.ToLowerInvariant(builder[i + 1]);
                builder[i + 2] = char.ToLowerInvariant(builder[i + 2]);
            }
        }

        return builder.ToString();
    }

    private static JsonSerializerOptions JsonOptions(JavaScriptEncoder encoder)
    {
        var options = new JsonSerializerOptions { Encoder = encoder };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string JsonEscaped(string value, JsonSerializerOptions options)
    {
        var json = JsonSerializer.Serialize(value, options);
        return json[1..^1];
    }
}
