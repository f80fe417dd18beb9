using System.Globalization;

namespace Errand.Agents.Cli;

/// <summary>The per-task folder where a CLI keeps its own state (sessions, configuration) between runs of the task.</summary>
internal static class CliStateDirectory
{
    /// <summary>Creates (if needed) and returns <c>{root}/{agent}/task-{id}</c>, private to the worker's user.</summary>
    public static string For(string root, string agent, long taskId)
    {
        var path = Path.Combine(root, agent, string.Create(CultureInfo.InvariantCulture, $"task-{taskId}"));
        Directory.CreateDirectory(path);
        // The CLI's sessions hold the conversation, which may quote the repository: only the worker's user reads it.
        // Inside the sandbox the sandbox uid maps to this same user.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
