using Errand.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Mcp;

/// <summary>The MCP endpoint on <c>errand serve</c> (<see cref="McpEndpoint"/>).</summary>
public sealed class McpServerExtension : IServerExtension
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) => services.AddErrandMcp();

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapErrandMcp();
}
