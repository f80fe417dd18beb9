using Errand.Notifications.Configuration;

namespace Errand.Cli.Hosting;

/// <summary>
/// The git remote workers on many hosts share for checkpoints and task branches: <c>--git-remote</c>, else
/// <c>ERRAND_GIT_REMOTE</c>, else <c>workers.git_remote</c> in the config file, else none. A relative path on the
/// command line or in the variable is made absolute here, where the user's working directory still means something
/// (one in the config file was taken from the file's folder when it was read).
/// </summary>
internal static class SharedGitRemote
{
    public const string Variable = "ERRAND_GIT_REMOTE";

    public static string? Resolve(string? option, ErrandConfig config)
    {
        var value = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(Variable) : option;
        return string.IsNullOrWhiteSpace(value)
            ? config.Workers.GitRemote
            : GitRemoteLocation.Normalize(value, Environment.CurrentDirectory);
    }
}
