using System.Globalization;
using Errand.Results;

namespace Errand.Workspaces.Git;

/// <summary>Reads <c>git diff-tree --numstat -z</c> output into a <see cref="DiffStat"/>.</summary>
internal static class NumstatParser
{
    public static DiffStat Parse(string output)
    {
        // Each entry is "added\tdeleted\tpath\0", or for a rename or copy "added\tdeleted\t\0old\0new\0".
        // Binary files print "-" for both counts and count as 0/0.
        var fields = output.Split('\0');
        var files = new List<FileChange>();
        for (var i = 0; i < fields.Length; i++)
        {
            var parts = fields[i].TrimStart('\n').Split('\t', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var path = parts[2];
            if (path.Length == 0)
            {
                // A rename: the old path, then the new one, which is the one reported.
                if (i + 2 >= fields.Length)
                {
                    break;
                }

                path = fields[i + 2];
                i += 2;
            }

            files.Add(new FileChange(path, Count(parts[0]), Count(parts[1])));
        }

        return files.Count == 0
            ? DiffStat.Empty
            : new DiffStat(files.Count, files.Sum(f => f.Insertions), files.Sum(f => f.Deletions), files);
    }

    private static int Count(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
