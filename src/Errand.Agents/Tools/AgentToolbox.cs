using Errand.Agents.Builtin;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// The builtin agent's tools, and the one place a call is run: an unknown tool, bad arguments, a path outside the
/// workspace or a failing file operation all come back to the model as an <c>error:</c> result — a tool never ends
/// the run, only cancellation does.
/// </summary>
internal sealed class AgentToolbox
{
    private readonly Dictionary<string, IAgentTool> _tools;
    private readonly List<AITool> _declarations;
    private readonly List<AITool> _withPlan;
    private readonly List<AITool> _planner;

    public AgentToolbox()
    {
        IAgentTool[] tools = [new ReadFileTool(), new ListFilesTool(), new SearchTextTool(), new WriteFileTool(), new EditFileTool(), new RunCommandTool(), new FinishTool()];
        _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _declarations = [.. tools.Select(t => t.Declaration), AskHumanTool.Declaration];
        _withPlan = [.. _declarations, ProposePlanTool.Declaration];
        _planner = [.. tools.Where(t => HumanTurns.ReadsOnly(t.Name)).Select(t => t.Declaration), AskHumanTool.Declaration, ProposeSlicesTool.Declaration];
    }

    /// <summary>
    /// The tools the model is offered for a task: with <c>plan: approve</c>, also <c>propose_plan</c>; a fleet's planner
    /// reads, asks and proposes its slices, nothing else.
    /// </summary>
    public IList<AITool> DeclarationsFor(Specs.TaskSpec spec) =>
        HumanTurns.IsPlanner(spec) ? _planner : spec.Plan == Specs.PlanModes.Approve ? _withPlan : _declarations;

    public async Task<string> RunAsync(string name, string argumentsJson, ToolContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (!_tools.TryGetValue(name, out var tool))
            {
                throw new ToolException($"there is no tool '{name}'; the tools are {string.Join(", ", _tools.Keys)}");
            }

            return TextLimit.Truncate(await tool.RunAsync(ToolArguments.Parse(argumentsJson), context, cancellationToken), context.Options.MaxToolOutputChars);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is ToolException or WorkspacePathException or IOException or UnauthorizedAccessException)
        {
            return $"error: {ex.Message}";
        }
        catch (Exception ex)
        {
            // Anything else (a sandbox that failed to start, a bug in a tool) is still the model's to see, not the end of the run.
            return $"error: {name} failed: {ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            context.Events.TryComplete();
        }
    }
}
