using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary><c>finish</c>: the agent says it is done. The loop ends the round; Errand's own checks decide.</summary>
internal sealed class FinishTool : IAgentTool
{
    public const string ToolName = "finish";

    public string Name => ToolName;

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        ToolName,
        "Call this once the task is done and checked. Errand then runs its own checks; if they fail you get their output and continue.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "summary":{"type":"string","description":"What you changed and how you checked it, in a few sentences"}},
         "required":["summary"]}
        """).RootElement);

    public Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken) =>
        Task.FromResult("Recorded. Errand will now run its checks.");

    /// <summary>The summary of a finish call; a finish with none still finishes.</summary>
    public static string Summary(ToolArguments arguments) => arguments.OptionalString("summary") ?? "(no summary given)";
}
