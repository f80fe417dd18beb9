using System.Diagnostics;

namespace Errand.Tests.Shared;

/// <summary>A scratch directory holding a real git repository and the task files that point at it.</summary>
internal sealed class TempGitRepo : IDisposable
{
    public TempGitRepo()
    {
        Root = Directory.CreateTempSubdirectory("errand-cli-test-").FullName;
        RepoPath = Path.Combine(Root, "repo");
        DataDir = Path.Combine(Root, "data");
        Directory.CreateDirectory(RepoPath);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
    }

    public string Root { get; }

    public string RepoPath { get; }

    public string DataDir { get; }

    public void WriteFile(string relative, string content)
    {
        var path = Path.Combine(RepoPath, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    /// <summary>Writes a task file beside the repository (with <c>repo: ./repo</c>) and returns its path.</summary>
    public string WriteSpec(string name, string frontMatter, string body = "Do the thing described in the title.\n\n## Done when\n- the `check` check passes\n")
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, $"---\nrepo: ./repo\n{frontMatter.Trim()}\n---\n{body}");
        return path;
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepoPath, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }

        return output.Trim();
    }

    public void Dispose()
    {
        // Overlay workspaces of a worker that was killed stay mounted (mounts outlive processes); a recursive
        // delete through a mount never removes it.
        foreach (var line in File.ReadLines("/proc/self/mountinfo").Reverse())
        {
            var point = line.Split(' ')[4];
            if (point.StartsWith(Root + "/", StringComparison.Ordinal))
            {
                using var umount = Process.Start("umount", ["-l", point]);
                umount.WaitForExit();
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
