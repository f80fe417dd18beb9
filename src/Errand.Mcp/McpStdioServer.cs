using System.Reflection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Errand.Mcp;

/// <summary>
/// Errand's MCP server over standard input and output (<c>errand mcp</c>), for an editor or agent that starts it as a
/// child process. Standard output carries the protocol alone: logging goes to the factory given (standard error).
/// </summary>
public static class McpStdioServer
{
    /// <summary>How the server introduces itself.</summary>
    public const string Instructions =
        "Errand runs coding tasks in the background, each in its own sandbox and git branch, and checks the result. "
        + "dispatch_task queues one; follow it with get_task and read_logs; a task in waiting_for_human asks something: "
        + "list_questions shows it and answer_question answers it.";

    /// <summary>How the server names itself to clients (stdio and HTTP alike).</summary>
    public static Implementation Identity => new() { Name = "errand", Version = typeof(McpStdioServer).Assembly.GetName().Version?.ToString() ?? "0" };

    /// <summary>Serves until the client closes standard input or <paramref name="cancellationToken"/> is signalled.</summary>
    public static async Task RunAsync(ErrandMcpTools tools, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var options = Options(tools);
        await using var transport = new StdioServerTransport(options, logging);
        await using var server = McpServer.Create(transport, options, logging);
        await server.RunAsync(cancellationToken);
    }

    /// <summary>The server's identity, instructions and tools, bound to <paramref name="tools"/>.</summary>
    public static McpServerOptions Options(ErrandMcpTools tools)
    {
        var collection = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var method in typeof(ErrandMcpTools).GetMethods().Where(m => m.GetCustomAttribute<McpServerToolAttribute>() is not null))
        {
            collection.Add(McpServerTool.Create(method, tools));
        }

        return new McpServerOptions
        {
            ServerInfo = Identity,
            ServerInstructions = Instructions,
            ToolCollection = collection,
        };
    }
}
