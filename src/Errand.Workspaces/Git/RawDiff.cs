using System.Text;

namespace Errand.Workspaces.Git;

/// <summary>Turns <c>git diff-tree -r -z --raw</c> output into <c>git update-index -z --index-info</c> input.</summary>
internal static class RawDiff
{
    public static string ToIndexInfo(string raw)
    {
        // Each change is ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0" (no renames asked for).
        var fields = raw.Split('\0');
        var info = new StringBuilder();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var header = fields[i].TrimStart(':').Split(' ');
            if (header.Length < 5)
            {
                throw new WorkspaceException($"unexpected diff-tree output: '{fields[i]}'");
            }

            var path = fields[i + 1];
            // Mode 0 removes the path from the index.
            info.Append(header[4] == "D" ? $"0 {header[2]}" : $"{header[1]} {header[3]}").Append('\t').Append(path).Append('\0');
        }

        return info.ToString();
    }
}
