using System.Diagnostics;
using System.Text;

namespace Errand.Tests.Shared;

/// <summary>
/// Looks for a planted secret the way a leak would show it — as is, base64 (standard and URL-safe), URL-encoded
/// and hex — in text, in every file under a directory, and inside every git object store there.
/// </summary>
internal static class SecretTrace
{
    public static IReadOnlyDictionary<string, string> Forms(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var base64 = Convert.ToBase64String(bytes);
        return new Dictionary<string, string>
        {
            ["raw"] = value,
            ["base64"] = base64.TrimEnd('='),
            ["base64 url-safe"] = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            ["url-encoded"] = Uri.EscapeDataString(value),
            ["url-encoded lower"] = string.Concat(bytes.Select(b => $"%{b:x2}")),
            ["hex"] = Convert.ToHexStringLower(bytes),
        };
    }

    /// <summary>"form in where" for every form of <paramref name="value"/> in <paramref name="text"/>.</summary>
    public static IEnumerable<string> FindIn(string text, string value, string where) =>
        Forms(value).Where(f => text.Contains(f.Value, StringComparison.Ordinal)).Select(f => $"{f.Key} in {where}");

    /// <summary>
    /// Every form found in any file under <paramref name="directory"/> (databases, WAL files, logs, workspaces), and
    /// in the decompressed objects of every git repository there: objects are zlib-compressed, so a secret in a
    /// commit would not show in the raw bytes.
    /// </summary>
    public static IReadOnlyList<string> FindInDirectory(string directory, string value)
    {
        var found = new List<string>();
        var forms = Forms(value).Select(f => (f.Key, Bytes: Encoding.UTF8.GetBytes(f.Value))).ToList();
        foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            // A link's target is searched where it lives, if it lives here.
            if (new FileInfo(file).LinkTarget is not null)
            {
                continue;
            }

            var bytes = ReadAll(file);
            found.AddRange(forms.Where(f => bytes.AsSpan().IndexOf(f.Bytes) >= 0).Select(f => $"{f.Key} in {file}"));
        }

        foreach (var gitDir in GitDirectories(directory))
        {
            var objects = AllObjects(gitDir);
            found.AddRange(forms.Where(f => objects.AsSpan().IndexOf(f.Bytes) >= 0).Select(f => $"{f.Key} in the objects of {gitDir}"));
        }

        return found;
    }

    // .NET refuses to open a file another handle in this process holds locked (a live worker's lock file); such a
    // file is still read, through cat, rather than skipped.
    private static byte[] ReadAll(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Removed between listing and reading (an attempt's lock file at clean-up): it holds nothing now.
            return [];
        }
        catch (IOException)
        {
            return Run("cat", file);
        }
    }

    /// <summary>Repositories under <paramref name="directory"/>: bare ones and the .git of working trees.</summary>
    public static IEnumerable<string> GitDirectories(string directory) =>
        Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Prepend(directory)
            .Where(d => File.Exists(Path.Combine(d, "HEAD")) && Directory.Exists(Path.Combine(d, "objects")));

    /// <summary>The contents of every object in a repository, decompressed, from <c>git cat-file --batch-all-objects</c>.</summary>
    public static byte[] AllObjects(string gitDir) => Run("git", "--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch");

    private static byte[] Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error.Result}");
        }

        return output.ToArray();
    }
}
