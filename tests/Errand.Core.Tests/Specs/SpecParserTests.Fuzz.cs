using System.Text;
using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed partial class SpecParserTests
{
    private static readonly string[] Fragments =
    [
        "---\n", "title: ", "verify:", "  - ", "run: ", "{", "}", "[", "]", ", ", ": ", "&a ", "*a", "? ", "!!str ",
        "|\n", ">-\n", "'", "\"", "\\", "#", "\t", "\r\n", "\n", "budget: { time: ", "30m", "-5", "1.5M", "$2",
        "sandbox:", "network:", "allow:", "none", "~", "null", "...", "%YAML 1.2\n", "@", "`", "ä", "😀", "\u0085",
        "\u2028", "\uFEFF", "protect: ", "../", "/etc", "ext::", "## Done when\n", "- item\n", "    ", "0x1F",
    ];

    [Fact]
    public void Parse_RandomAndMutatedInputs_NeverThrows()
    {
        var random = new Random(20240611);
        // The malformed table makes good seeds: every row already sits near some edge of the parser.
        string[] seeds = [DesignExample, Spec("title: t\nverify: make"), "---\n---\n", "", .. Malformed.Select(row => row.Data.Item1)];
        for (var i = 0; i < 600; i++)
        {
            var text = (i % 3) switch
            {
                0 => Mutate(seeds[random.Next(seeds.Length)], random),
                1 => Assemble(random),
                _ => "---\n" + Assemble(random) + "\n---\n" + Assemble(random),
            };

            AssertParsesQuietly(text, i);
            AssertParsesQuietly(Encoding.UTF8.GetBytes(text), i);
        }

        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 512)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes = [.. "---\ntitle: "u8, .. bytes, .. "\n---\n"u8];
            }

            AssertParsesQuietly(bytes, i);
        }
    }

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0 when text.Length > 0 && at < text.Length:
                    text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when text.Length > 0 && at < text.Length:
                    text[at] = (char)random.Next(1, 0x80);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), text.Length - Math.Min(at, text.Length));
                    text.Insert(at, text.ToString(Math.Min(at, text.Length), length));
                    break;
            }
        }

        return text.ToString();
    }

    private static string Assemble(Random random)
    {
        var text = new StringBuilder();
        for (var n = random.Next(0, 40); n > 0; n--)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }

    private static void AssertParsesQuietly(string text, int sample) => AssertSane(SpecParser.Parse(text, "fuzz.md"), sample);

    private static void AssertParsesQuietly(byte[] bytes, int sample) => AssertSane(SpecParser.Parse(bytes, "fuzz.md"), sample);

    private static void AssertSane(SpecParseResult result, int sample)
    {
        var internalError = result.Diagnostics.FirstOrDefault(d => d.Code == SpecCodes.InternalError);
        Assert.True(internalError is null, $"sample {sample}: {internalError}");
        Assert.Equal(result.HasErrors, result.Spec is null);
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
    }
}
