using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds <c>sandbox: { backend, network, limits }</c>.</summary>
internal static class SandboxBinder
{
    private static readonly IReadOnlyList<string> Fields = ["backend", "network", "limits"];
    private static readonly IReadOnlyList<string> LimitFields = ["processes", "memory", "file_size", "cpu"];

    public static SandboxSpec Bind(YamlNode node, FieldReader reader)
    {
        var sandbox = new SandboxSpec();
        foreach (var (key, value) in reader.Mapping(node, "sandbox", Fields, "{ network: none }") ?? [])
        {
            sandbox = key switch
            {
                "backend" => sandbox with { Backend = Backend(value, reader) ?? sandbox.Backend, BackendExplicit = true },
                "network" => sandbox with { Network = NetworkBinder.Bind(value, reader) ?? sandbox.Network, NetworkExplicit = true },
                _ => sandbox with { Limits = Limits(value, reader) },
            };
        }

        // Fail closed: with no sandbox there is nothing to cut the network off, so a spec that asks for less than
        // an open network must not run as if it had it.
        if (sandbox.Backend == SandboxBackends.None && sandbox.NetworkExplicit && sandbox.Network.Mode != NetworkMode.Open
            && !reader.Context.HasErrorsUnder("sandbox.network"))
        {
            reader.Context.Error(SpecCodes.UnenforceableNetwork, reader.Context.PositionOf("sandbox.network"), "sandbox.network",
                $"sandbox backend 'none' cannot enforce network '{sandbox.Network.Mode.ToString().ToLowerInvariant()}': "
                + "there is no sandbox to restrict the network. Use backend: bubblewrap, or write network: open to accept that");
        }

        return sandbox;
    }

    private static string? Backend(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "sandbox.backend", "a sandbox backend") is not { } backend)
        {
            return null;
        }

        if (SandboxBackends.All.Contains(backend))
        {
            return backend;
        }

        reader.Context.Error(SpecCodes.UnknownBackend, node, "sandbox.backend",
            $"unknown sandbox backend '{YamlNodes.Shorten(backend)}'{DidYouMean.Hint(backend, SandboxBackends.All)} "
            + $"(backends: {string.Join(", ", SandboxBackends.All)})");
        return null;
    }

    private static SandboxLimits Limits(YamlNode node, FieldReader reader)
    {
        var limits = new SandboxLimits();
        foreach (var (key, value) in reader.Mapping(node, "sandbox.limits", LimitFields, "{ processes: 256, memory: 2g }") ?? [])
        {
            limits = key switch
            {
                "processes" => limits with { Processes = reader.Number(value, "sandbox.limits.processes", 1, int.MaxValue) },
                "memory" => limits with { MemoryBytes = reader.Size(value, "sandbox.limits.memory") },
                "file_size" => limits with { FileSizeBytes = reader.Size(value, "sandbox.limits.file_size") },
                _ => limits with { Cpu = reader.Duration(value, "sandbox.limits.cpu") },
            };
        }

        return limits;
    }
}
