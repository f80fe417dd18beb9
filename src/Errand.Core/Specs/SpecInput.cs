using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Errand.Specs;

/// <summary>
/// The checks made before any parsing: size, binary content, encoding. A task file is a small text file; anything
/// else is refused up front so the YAML parser never sees megabytes of junk.
/// </summary>
internal static class SpecInput
{
    /// <summary>The text of <paramref name="bytes"/> without a BOM, or null with the reason reported.</summary>
    public static string? Decode(byte[] bytes, SpecContext context)
    {
        if (bytes.Length > SpecParser.MaxBytes)
        {
            ReportTooLarge(bytes.LongLength, context);
            return null;
        }

        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        var bad = FirstBadByte(span);
        if (bad >= 0)
        {
            ReportBinary(new SourcePosition(span[..bad].Count((byte)'\n') + 1, bad - span[..bad].LastIndexOf((byte)'\n')), context);
            return null;
        }

        return Encoding.UTF8.GetString(span);
    }

    /// <summary>The same checks for text already decoded: <paramref name="text"/> without a BOM, or null.</summary>
    public static string? Check(string text, SpecContext context)
    {
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > SpecParser.MaxBytes)
        {
            ReportTooLarge(size, context);
            return null;
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        var surrogate = FirstLoneSurrogate(text);
        var bad = nul < 0 ? surrogate : surrogate < 0 ? nul : Math.Min(nul, surrogate);
        if (bad >= 0)
        {
            ReportBinary(new SourcePosition(text.AsSpan(0, bad).Count('\n') + 1, bad - text.AsSpan(0, bad).LastIndexOf('\n')), context);
            return null;
        }

        return text;
    }

    private static int FirstBadByte(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        var invalid = -1;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            if (Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                invalid = read;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        return nul < 0 ? invalid : invalid < 0 ? nul : Math.Min(nul, invalid);
    }

    private static int FirstLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ReportTooLarge(long size, SpecContext context) =>
        context.Error(SpecCodes.FileTooLarge, new SourcePosition(1, 1), null,
            $"the file is {size.ToString(CultureInfo.InvariantCulture)} bytes; a task file may be at most "
            + $"{SpecParser.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 MiB). Keep the instruction short "
            + "and point at files in the repository instead of pasting them.");

    private static void ReportBinary(SourcePosition at, SpecContext context) =>
        context.Error(SpecCodes.BinaryContent, at, null,
            "binary or non-UTF-8 content (a NUL byte or an invalid UTF-8 sequence on this line). "
            + "A task file must be UTF-8 text; re-save it as UTF-8.");
}
