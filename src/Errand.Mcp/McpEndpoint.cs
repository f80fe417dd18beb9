using Errand.Server.Auth;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Errand.Mcp;

/// <summary>
/// Errand's MCP tools over HTTP (Streamable HTTP, stateless) at <c>/mcp</c> on <c>errand serve</c>. The route needs a
/// read token (401 without a valid one, 403 for another scope); on top of it each tool needs its scope
/// (<see cref="McpToolScopes"/>): a token sees only the tools it may call, and calling another is refused as a tool
/// error, before the tool runs.
/// </summary>
public static class McpEndpoint
{
    /// <summary>Where the endpoint is mapped.</summary>
    public const string Path = "/mcp";

    /// <summary>Registers the MCP server, its tools and the scope check. The host provides the store and <c>TaskTransitions</c>.</summary>
    public static IServiceCollection AddErrandMcp(this IServiceCollection services)
    {
        services.AddMcpServer(o =>
            {
                o.ServerInfo = McpStdioServer.Identity;
                o.ServerInstructions = McpStdioServer.Instructions;
            })
            // Stateless: no session kept between requests, so any request stands alone under its own token.
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools<ErrandMcpTools>()
            .WithRequestFilters(filters =>
            {
                filters.AddListToolsFilter(next => async (context, cancellationToken) =>
                {
                    var result = await next(context, cancellationToken);
                    result.Tools = [.. result.Tools.Where(t => TokenPrincipal.Grants(context.User, McpToolScopes.Of(t.Name)))];
                    return result;
                });
                filters.AddCallToolFilter(next => (context, cancellationToken) =>
                {
                    var tool = context.Params?.Name ?? "";
                    var scope = McpToolScopes.Of(tool);
                    return TokenPrincipal.Grants(context.User, scope)
                        ? next(context, cancellationToken)
                        : ValueTask.FromResult(new CallToolResult
                        {
                            IsError = true,
                            Content = [new TextContentBlock { Text = $"this token's scope does not allow {tool}: it needs {scope.ToWireName()}" }],
                        });
                });
            });
        return services;
    }

    /// <summary>Maps <c>/mcp</c>, for read tokens (each tool checks its own scope too).</summary>
    public static IEndpointConventionBuilder MapErrandMcp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMcp(Path).RequireScope(TokenScope.Read);
}
