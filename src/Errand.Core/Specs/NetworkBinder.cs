using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds <c>sandbox.network</c>: <c>none</c>, <c>open</c>, or <c>{ allow: [hosts] }</c>.</summary>
internal static class NetworkBinder
{
    private const string Path = "sandbox.network";
    private const string Example = "none, open, or { allow: [api.nuget.org] }";
    private static readonly IReadOnlyList<string> Modes = ["none", "open"];
    private static readonly IReadOnlyList<string> Fields = ["allow"];

    public static NetworkPolicy? Bind(YamlNode node, FieldReader reader)
    {
        if (node is YamlMappingNode)
        {
            var entries = reader.Mapping(node, Path, Fields, "{ allow: [api.nuget.org] }");
            var allow = entries?.FirstOrDefault(e => e.Key == "allow").Value;
            if (entries is null || (allow is null && reader.Context.HasErrorsUnder(Path)))
            {
                return null;
            }

            if (allow is null)
            {
                reader.Context.Error(SpecCodes.EmptyAllowList, node, Path,
                    "sandbox.network needs 'allow: [hosts]' in this form; or write network: none or network: open");
                return null;
            }

            return Allow(allow, reader);
        }

        if (reader.NonEmptyString(node, Path, Example) is not { } mode)
        {
            return null;
        }

        switch (mode)
        {
            case "none":
                return new NetworkPolicy { Mode = NetworkMode.None };
            case "open":
                return new NetworkPolicy { Mode = NetworkMode.Open };
            case "allow":
                reader.Context.Error(SpecCodes.EmptyAllowList, node, Path,
                    "network 'allow' needs the hosts: write network: { allow: [api.nuget.org] }");
                return null;
            default:
                reader.Context.Error(SpecCodes.BadNetwork, node, Path,
                    $"unknown network policy '{YamlNodes.Shorten(mode)}'{DidYouMean.Hint(mode, Modes)}; use {Example}");
                return null;
        }
    }

    private static NetworkPolicy? Allow(YamlNode node, FieldReader reader)
    {
        const string allowPath = Path + ".allow";
        if (reader.Strings(node, allowPath, "a host name such as api.nuget.org") is not { } items)
        {
            return null;
        }

        if (items.Count == 0 && !reader.Context.HasErrorsUnder(allowPath))
        {
            // An empty allow list would mean "no network" while reading as "some network": say which is meant.
            reader.Context.Error(SpecCodes.EmptyAllowList, node, allowPath,
                "the allow list is empty; list the hosts the agent may reach, or write network: none");
            return null;
        }

        var hosts = new List<string>();
        foreach (var item in items)
        {
            if (HostName.Problem(item.Value) is { } problem)
            {
                reader.Context.Error(SpecCodes.BadHost, item.Node, item.Path, $"host '{YamlNodes.Shorten(item.Value)}' {problem}");
            }
            else
            {
                hosts.Add(item.Value);
            }
        }

        return new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = hosts };
    }
}
