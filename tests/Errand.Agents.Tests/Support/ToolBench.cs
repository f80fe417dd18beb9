using System.Text.Json;
using System.Threading.Channels;
using Errand.Agents.Builtin;
using Errand.Agents.Tools;

namespace Errand.Agents.Tests.Support;

/// <summary>Runs single tool calls through the toolbox, as the agent loop does, in a testbed's workspace.</summary>
internal sealed class ToolBench(AgentTestbed bed, BuiltinAgentOptions? options = null)
{
    private readonly AgentToolbox _toolbox = new();

    public List<AgentEvent> Events { get; } = [];

    public async Task<string> CallAsync(string tool, object args)
    {
        var events = Channel.CreateUnbounded<AgentEvent>();
        var context = new ToolContext(new WorkspaceFiles(bed.Workspace), bed.Sandbox, options ?? new BuiltinAgentOptions(), events.Writer);
        var result = await _toolbox.RunAsync(tool, JsonSerializer.Serialize(args), context, CancellationToken.None);
        await foreach (var e in events.Reader.ReadAllAsync())
        {
            Events.Add(e);
        }

        return result;
    }
}
