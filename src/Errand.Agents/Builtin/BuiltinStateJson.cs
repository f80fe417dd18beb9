using System.Text.Json;
using Errand.Json;

namespace Errand.Agents.Builtin;

/// <summary>Reads and writes <see cref="BuiltinState"/> as checkpoint JSON.</summary>
internal static class BuiltinStateJson
{
    public static string Serialize(BuiltinState state) => ErrandJson.Serialize(state);

    /// <summary>The state in <paramref name="json"/>, or null when it is not a builtin checkpoint this version reads.</summary>
    public static BuiltinState? TryDeserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var state = ErrandJson.Deserialize<BuiltinState>(json);
            return state.Agent == Specs.AgentNames.Builtin && state.Version == BuiltinState.CurrentVersion && state.Messages.Count > 0 ? state : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
