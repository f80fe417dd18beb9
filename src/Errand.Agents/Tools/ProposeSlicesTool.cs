using System.Text.Json;
using Errand.Fleets;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// <c>propose_slices</c>, offered only to a fleet's planner: its proposal, checked here (a bad one comes back to the
/// model as an error to fix), ends the planner's run; the engine records it and, when the spec asks, a human approves it.
/// </summary>
internal static class ProposeSlicesTool
{
    public const string ToolName = "propose_slices";

    public static AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        ToolName,
        "Propose the fleet's slices, once you have read enough of the repository. Each slice is one value (a path, project or module, one line) that replaces {{slice}} in the task every slice runs, with a one-line reason. This ends your work; a human may approve, edit or reject the list.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "slices":{"type":"array","items":{"type":"object","properties":{
            "slice":{"type":"string","description":"The slice value, one line"},
            "reason":{"type":"string","description":"Why this is a slice of its own, in one line"}},
           "required":["slice","reason"]}}},
         "required":["slices"]}
        """).RootElement);

    /// <summary>The slices a call proposes, checked against <paramref name="maxSlices"/>; a <see cref="ToolException"/> saying what to fix.</summary>
    public static IReadOnlyList<ProposedSlice> Read(ToolArguments arguments, int maxSlices)
    {
        var (slices, problem) = SliceProposals.Parse(arguments.String("slices"), maxSlices);
        if (slices is null)
        {
            throw new ToolException($"{problem}; propose again");
        }

        if (slices.FirstOrDefault(s => s.Reason is null) is { } bare)
        {
            throw new ToolException($"slice '{bare.Value}' has no reason: give each slice a one-line reason");
        }

        return [.. slices.Select(s => s with { Reason = string.Join(' ', s.Reason!.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) })];
    }

    /// <summary>What the call's result says once the proposal is taken.</summary>
    public static string Recorded(IReadOnlyList<ProposedSlice> slices) =>
        $"Recorded {slices.Count} slice{(slices.Count == 1 ? "" : "s")}. Your work is done.";
}
