using System.Threading.Channels;
using Errand.Agents.Builtin;
using Errand.Sandboxing;

namespace Errand.Agents.Tools;

/// <summary>What a tool call may use: the workspace (only through <see cref="WorkspaceFiles"/>), the sandbox, and a place to stream output.</summary>
/// <param name="Files">The one door for file access.</param>
/// <param name="Sandbox">Where commands run.</param>
/// <param name="Options">Limits.</param>
/// <param name="Events">Output lines as they come.</param>
internal sealed record ToolContext(WorkspaceFiles Files, ISandbox Sandbox, BuiltinAgentOptions Options, ChannelWriter<AgentEvent> Events);
