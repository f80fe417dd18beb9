using System.Diagnostics;

namespace Errand.Bench.Workspaces;

/// <summary>A bare git repository of N small files in 100 directories, made once per size for the benchmark.</summary>
internal static class GeneratedRepo
{
    public static string Create(string root, int files)
    {
        var path = Directory.CreateDirectory(Path.Combine(root, $"repo-{files}")).FullName;
        for (var i = 0; i < files; i++)
        {
            var dir = Path.Combine(path, $"src{i % 100:00}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"file{i}.txt"), $"// file {i}\nline two of file {i}\nline three\n");
        }

        Git(path, "init", "--quiet", "--initial-branch=main");
        Git(path, "add", "--all");
        Git(path, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-m", "generated");

        // Served bare, as a remote would be: a local work tree as the source adds a `git status` of it to every
        // prepare (for the "uncommitted changes" warning), which measures the user's repository, not the workspace.
        Git(root, "clone", "--quiet", "--bare", "--", path, path + ".git");
        Directory.Delete(path, recursive: true);
        return path + ".git";
    }

    public static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
        }
    }
}
