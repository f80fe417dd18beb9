using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Binds the <c>workers:</c> section.</summary>
internal static class WorkersBinder
{
    private static readonly string[] Fields = ["git_remote"];

    public static WorkersConfig? Bind(YamlNode node, ConfigReader reader, string file)
    {
        if (ConfigReader.IsNull(node))
        {
            return new WorkersConfig();
        }

        var entries = reader.Mapping(node, "workers", Fields);
        if (entries is null)
        {
            return null;
        }

        var config = new WorkersConfig();
        foreach (var (key, _, value) in entries)
        {
            if (key == "git_remote" && !ConfigReader.IsNull(value)
                && reader.String(value, "workers.git_remote", "a bare repository's path or a git URL") is { } remote)
            {
                config = config with { GitRemote = GitRemoteLocation.Normalize(remote, Path.GetDirectoryName(Path.GetFullPath(file))!) };
            }
        }

        return config;
    }
}
