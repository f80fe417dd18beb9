using System.Text;
using System.Text.Json;
using Errand.Secrets;

namespace Errand.Core.Tests.Secrets;

public sealed class SecretRedactorTests
{
    private const string Token = "s3cr3t-T0ken/with+odd&chars ok";
    private static readonly SecretRedactor Redactor = new(new Dictionary<string, string> { ["API_TOKEN"] = Token });

    public static TheoryData<string, string> Encodings()
    {
        var bytes = Encoding.UTF8.GetBytes(Token);
        var b64 = Convert.ToBase64String(bytes);
        return new()
        {
            { "plain", Token },
            { "base64", b64 },
            { "base64 unpadded", b64.TrimEnd('=') },
            { "base64 url-safe", b64.Replace('+', '-').Replace('/', '_') },
            { "base64 url-safe unpadded", b64.Replace('+', '-').Replace('/', '_').TrimEnd('=') },
            { "url upper", Uri.EscapeDataString(Token) },
            { "url lower", Uri.EscapeDataString(Token).Replace("%2F", "%2f", StringComparison.Ordinal).Replace("%2B", "%2b", StringComparison.Ordinal) },
            { "url form", Uri.EscapeDataString(Token).Replace("%20", "+", StringComparison.Ordinal) },
            { "percent every byte", string.Concat(bytes.Select(b => $"%{b:X2}")) },
            { "hex lower", Convert.ToHexStringLower(bytes) },
            { "hex upper", Convert.ToHexString(bytes) },
            { "json escaped", JsonSerializer.Serialize(Token)[1..^1] },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Redact_EncodedValueInText_IsReplacedAndLeavesNoTrace(string encoding, string form)
    {
        var text = $"before {form} after";

        var redacted = Redactor.Redact(text);

        Assert.True(redacted == "before [redacted:API_TOKEN] after", $"{encoding}: {redacted}");
        Assert.False(Redactor.ContainsSecret(redacted));
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "x")]
    [InlineData(2, "xy")]
    [InlineData(3, "xyz")]
    [InlineData(4, "wxyz")]
    [InlineData(5, "vwxyz")]
    public void Redact_SecretEmbeddedInLongerBase64_NoRunOfTheSecretsBase64Remains(int _, string prefix)
    {
        // e.g. a basic-auth header: base64("user:" + secret + "\n")
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + Token + "\nmore"));
        var urlSafe = encoded.Replace('+', '-').Replace('/', '_');

        foreach (var text in new[] { encoded, urlSafe })
        {
            var redacted = Redactor.Redact($"Authorization: Basic {text}");

            Assert.Contains("[redacted:API_TOKEN]", redacted, StringComparison.Ordinal);
            // What survives is at most the few characters that mix the secret's bits with its neighbours'.
            var survivor = redacted.Split("[redacted:API_TOKEN]");
            Assert.True(survivor[0].Length <= "Authorization: Basic ".Length + ((prefix.Length + 2) * 4 / 3) + 1, redacted);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("nothing to see here")]
    [InlineData("s3cr3t-T0ken/with+odd&chars o")]
    [InlineData("S3CR3T-T0KEN/WITH+ODD&CHARS OK")]
    public void Redact_NoSecret_ReturnsTheSameInstance(string text)
    {
        Assert.Same(text, Redactor.Redact(text));
        Assert.False(Redactor.ContainsSecret(text));
    }

    [Theory]
    [InlineData("abc", "abc abc", "abc abc")]
    [InlineData("a", "a b a", "a b a")]
    [InlineData("", "anything", "anything")]
    [InlineData("abcd", "xabcdx abcd", "x[redacted:S]x [redacted:S]")]
    public void Redact_ShortValues_AreIgnoredFromFourCharacters(string value, string text, string expected)
    {
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["S"] = value });

        Assert.Equal(expected, redactor.Redact(text));
    }

    [Fact]
    public void Redact_SeveralSecretsAndOccurrences_ReplacesEachByItsName()
    {
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["A"] = "alpha-secret", ["B"] = "beta-secret-value" });
        var text = $"alpha-secret:beta-secret-value {Convert.ToBase64String(Encoding.UTF8.GetBytes("beta-secret-value"))} alpha-secret";

        Assert.Equal("[redacted:A]:[redacted:B] [redacted:B] [redacted:A]", redactor.Redact(text));
    }

    [Fact]
    public void Redact_SecretContainingAnother_LongestWins()
    {
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["SHORT"] = "pass", ["LONG"] = "password123" });

        Assert.Equal("[redacted:LONG] [redacted:SHORT]", redactor.Redact("password123 pass"));
    }

    [Fact]
    public void Redact_JsonEscapedNonAscii_IsReplaced()
    {
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["K"] = "pä\"ss<wörd>" });
        var json = JsonSerializer.Serialize(new { key = "pä\"ss<wörd>" });

        Assert.Equal("{\"key\":\"[redacted:K]\"}", redactor.Redact(json));
    }

    [Fact]
    public void Redact_MultiLineValuePrintedLineByLine_EveryLineWithContentIsReplaced()
    {
        const string Key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n  AQEFAASCBKcwggSjAgEAAoIB\n},\n-----END KEY-----\n";
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["KEY"] = Key });

        var lines = Key.Split('\n').Select(line => redactor.Redact(line.Trim())).ToList();

        Assert.Equal(["[redacted:KEY]", "[redacted:KEY]", "[redacted:KEY]", "},", "[redacted:KEY]", ""], lines);
        Assert.Equal("{ a: 1 },", redactor.Redact("{ a: 1 },"));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(76)]
    public void Redact_LongValueBase64WrappedIntoLines_EveryFullLineIsReplaced(int width)
    {
        var value = string.Concat(Enumerable.Range(0, 12).Select(i => $"k3y-part-{i}/"));
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["LONG"] = value });
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

        var lines = base64.Chunk(width).Select(c => new string(c)).ToList();

        Assert.True(lines.Count > 2);
        Assert.All(lines.SkipLast(1), line => Assert.Equal("[redacted:LONG]", redactor.Redact(line)));
    }

    [Fact]
    public void LongestForm_IsTheLongestEncoding()
    {
        var redactor = new SecretRedactor(new Dictionary<string, string> { ["K"] = "abcd" });

        Assert.Equal("%61%62%63%64".Length, redactor.LongestForm);
    }

    [Fact]
    public void Empty_RedactsNothing()
    {
        Assert.True(SecretRedactor.Empty.IsEmpty);
        Assert.Equal("abcd", SecretRedactor.Empty.Redact("abcd"));
    }
}
