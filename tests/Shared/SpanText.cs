using System.Diagnostics;

namespace Errand.Tests.Shared;

/// <summary>What a span exports as text, for tests that look for what must not be there (a secret, a file's content).</summary>
internal static class SpanText
{
    /// <summary>Every string a span exports: names, attribute keys and values, events, baggage and status.</summary>
    public static IEnumerable<string> Of(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        yield return span.DisplayName;
        yield return span.OperationName;
        yield return span.StatusDescription ?? "";
        foreach (var tag in span.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }

        foreach (var e in span.Events)
        {
            yield return e.Name;
            foreach (var tag in e.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }

        foreach (var baggage in span.Baggage)
        {
            yield return $"{baggage.Key}={baggage.Value}";
        }
    }
}
