using System.Globalization;
using System.Text;

namespace Errand.Workspaces;

/// <summary>Default task branch names: <c>errand/&lt;id&gt;-&lt;slug&gt;</c>.</summary>
public static class TaskBranch
{
    /// <summary>The longest slug taken from a title, so branch names stay readable in a terminal.</summary>
    public const int MaxSlugLength = 40;

    // ASCII spellings of U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A), space-separated, "_" for the
    // two symbols there. A table rather than Unicode decomposition: the build runs with invariant globalization,
    // where string.Normalize leaves "é" as it is.
    private static readonly string[] LatinFolds = (
        "a a a a a a ae c e e e e i i i i d n o o o o o _ o u u u u y th ss a a a a a a ae c e e e e i i i i "
        + "d n o o o o o _ o u u u u y th y a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g "
        + "g g g g h h h h i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n o o o o "
        + "o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s").Split(' ');

    /// <summary>
    /// The branch for a task: <c>errand/&lt;id&gt;-&lt;slug&gt;</c>, the slug being the title's ASCII letters and
    /// digits, lowercased, words joined by single dashes, at most <see cref="MaxSlugLength"/> characters, and
    /// "task" when the title has none.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="title">The task title; may be empty.</param>
    public static string For(long taskId, string title) =>
        string.Create(CultureInfo.InvariantCulture, $"errand/{taskId}-{Slug(title)}");

    /// <summary>The slug part alone (see <see cref="For"/>).</summary>
    /// <param name="title">The task title; may be empty.</param>
    public static string Slug(string? title)
    {
        var slug = new StringBuilder(MaxSlugLength);
        var pendingDash = false;
        foreach (var c in Fold(title ?? ""))
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && slug.Length > 0)
                {
                    slug.Append('-');
                }

                pendingDash = false;
                slug.Append(c);
            }
            else
            {
                pendingDash = true;
            }

            if (slug.Length >= MaxSlugLength + 1)
            {
                break;
            }
        }

        return slug.Length == 0 ? "task" : Truncate(slug.ToString());
    }

    // Accented Latin letters keep their base letter ("Café" → "cafe", "Straße" → "strasse") rather than splitting
    // the word; combining marks (titles typed on macOS arrive decomposed) are dropped; anything else outside ASCII
    // is a word break.
    private static IEnumerable<char> Fold(string title)
    {
        foreach (var c in title)
        {
            if (c < 128)
            {
                yield return char.ToLowerInvariant(c);
            }
            else if (c is >= '\u00C0' and <= '\u017F' && LatinFolds[c - '\u00C0'] is not "_" and var folded)
            {
                foreach (var letter in folded)
                {
                    yield return letter;
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                yield return ' ';
            }
        }
    }

    private static string Truncate(string slug)
    {
        if (slug.Length <= MaxSlugLength)
        {
            return slug;
        }

        // Cut at a word boundary when one is in reach, so the branch does not end in half a word.
        var cut = slug.LastIndexOf('-', MaxSlugLength);
        return cut > MaxSlugLength / 2 ? slug[..cut] : slug[..MaxSlugLength].TrimEnd('-');
    }
}
