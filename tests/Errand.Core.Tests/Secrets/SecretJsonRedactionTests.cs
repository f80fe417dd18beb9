using System.Text.Json;
using Errand.Secrets;

namespace Errand.Core.Tests.Secrets;

public sealed class SecretJsonRedactionTests
{
    private const string Token = "s3cr3t-T0ken/with+odd&chars";
    private static readonly SecretRedactor Redactor = new(new Dictionary<string, string> { ["API_TOKEN"] = Token, ["PIN_CODE"] = "73914582" });

    public static TheoryData<string, string> Documents() => new()
    {
        { "plain string", $$"""{"line":"token is {{Token}}"}""" },
        { "every character escaped", $$"""{"line":"{{string.Concat(Token.Select(c => $"\\u{(int)c:x4}"))}}"}""" },
        { "escaped slash", $$"""{"line":"{{Token.Replace("/", "\\/", StringComparison.Ordinal)}}"}""" },
        { "property name", $$"""{"{{Token}}":1}""" },
        { "nested in an array", $$"""{"a":[{"b":["x","{{Token}}"]}]}""" },
        { "digits as a number", """{"n":73914582}""" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void RedactJson_SecretInAnyPlaceOrEscaping_GoneAndStillValidJson(string where, string json)
    {
        var redacted = Redactor.RedactJson(json);

        using var document = JsonDocument.Parse(redacted);
        Assert.False(Redactor.ContainsSecret(redacted), $"{where}: {redacted}");
        Assert.False(Redactor.ContainsSecret(Decoded(document.RootElement)), $"{where}: {redacted}");
        Assert.Contains("[redacted:", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"line":"nothing here","n":12}""")]
    [InlineData("""{"line":"escaped \u00e9 but nothing secret"}""")]
    [InlineData("[]")]
    public void RedactJson_NoSecret_ReturnsTheSameInstance(string json)
    {
        Assert.Same(json, Redactor.RedactJson(json));
    }

    [Fact]
    public void RedactJson_NotJson_IsRedactedAsText()
    {
        Assert.Equal("{broken [redacted:API_TOKEN]", Redactor.RedactJson("{broken " + Token));
    }

    [Fact]
    public void RedactJson_EmptyRedactor_ReturnsTheSameInstance()
    {
        var json = $$"""{"line":"{{Token}}"}""";

        Assert.Same(json, SecretRedactor.Empty.RedactJson(json));
    }

    private static string Decoded(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(p => p.Name + "\n" + Decoded(p.Value))),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(Decoded)),
        JsonValueKind.String => element.GetString()!,
        _ => element.GetRawText(),
    };
}
