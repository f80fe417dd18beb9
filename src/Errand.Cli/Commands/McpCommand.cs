using System.CommandLine;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Mcp;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand mcp</c>: an MCP server over standard input and output, so an editor or another agent can dispatch and
/// follow tasks. It runs none itself: a worker (<c>errand worker</c>, <c>errand serve</c>) on the same store does.
/// </summary>
internal static class McpCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("mcp", "Serve Errand's MCP tools on standard input and output (dispatch, follow and answer tasks)");
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            // Standard output is the protocol's: everything else this process says goes to standard error.
            await McpStdioServer.RunAsync(new ErrandMcpTools(host.Store, host.Transitions, new TaskSubmission(host.Transitions), new TaskQueries(host.Store, host.Transitions)), host.Logging, ct);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
