using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Errand.Bench.Workspaces;

/// <summary>A bare git repository of N small files in 100 directories, made once per size for the benchmark.</summary>
internal static class GeneratedRepo
{
    public static string Create(string root, int files)
    {
        // Written straight into a bare repository by one `git fast-import` (no work tree to write, index and hash,
        // then clone and delete): the repository is set-up, not what is measured, and under load the old way took
        // longer than the measurements of a size. Served bare, as a remote would be: a local work tree as the source
        // adds a `git status` of it to every prepare (for the "uncommitted changes" warning), which measures the
        // user's repository, not the workspace.
        var path = Path.Combine(root, $"repo-{files}.git");
        Git(root, "init", "--quiet", "--bare", "--initial-branch=main", "--", path);
        var stream = new StringBuilder();
        stream.Append("commit refs/heads/main\ncommitter bench <bench@localhost> 1700000000 +0000\n");
        Data(stream, "generated\n");
        for (var i = 0; i < files; i++)
        {
            stream.Append(CultureInfo.InvariantCulture, $"M 100644 inline src{i % 100:00}/file{i}.txt\n");
            Data(stream, string.Create(CultureInfo.InvariantCulture, $"// file {i}\nline two of file {i}\nline three\n"));
        }

        Run(path, stream.ToString(), "fast-import", "--quiet");
        return path;
    }

    public static void Git(string directory, params string[] arguments) => Run(directory, null, arguments);

    private static void Data(StringBuilder stream, string text) =>
        stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(text)}\n{text}\n");

    private static void Run(string directory, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var writing = input is null ? Task.CompletedTask
            : process.StandardInput.WriteAsync(input).ContinueWith(_ => process.StandardInput.Close(), TaskScheduler.Default);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        output.GetAwaiter().GetResult();
        writing.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
        }
    }
}
