namespace Errand.Specs;

/// <summary>Suggests the known name a typo was probably meant to be.</summary>
public static class DidYouMean
{
    /// <summary>Typos further than this from every known name get no suggestion.</summary>
    public const int MaxDistance = 2;

    /// <summary>The closest of <paramref name="known"/> to <paramref name="typed"/>, or null when none is close.</summary>
    public static string? Suggest(string typed, IEnumerable<string> known)
    {
        var lower = typed.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is not null && bestDistance <= MaxDistance && bestDistance < Math.Max(lower.Length, 1))
        {
            return best;
        }

        // A cut-off name ("budg", "sandb") or a name with extra letters ("verify_checks") is still clear.
        return lower.Length >= 3
            ? known.FirstOrDefault(k => k.StartsWith(lower, StringComparison.OrdinalIgnoreCase)
                || (k.Length >= 4 && lower.StartsWith(k, StringComparison.OrdinalIgnoreCase)))
            : null;
    }

    /// <summary>" — did you mean 'x'?" or "", to append to a message.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Suggest(typed, known) is { } suggestion ? $" — did you mean '{suggestion}'?" : "";

    /// <summary>
    /// Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of
    /// adjacent letters each cost one, so "tilte" is one step from "title".
    /// </summary>
    public static int Distance(string a, string b)
    {
        // Names are short; anything long is not a typo of one, and is not worth a quadratic table.
        if (Math.Abs(a.Length - b.Length) > MaxDistance || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
