using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server;

/// <summary>
/// Something another project adds to <c>errand serve</c> (Prometheus /metrics, the MCP endpoint): its services, then
/// its endpoints. Endpoints mapped here get the server's default authorization (<see cref="Auth.ScopePolicies.Default"/>)
/// unless they declare their own scopes; they are never anonymous.
/// </summary>
public interface IServerExtension
{
    /// <summary>Registers the extension's services.</summary>
    /// <param name="services">The server's services.</param>
    void ConfigureServices(IServiceCollection services);

    /// <summary>Maps the extension's endpoints.</summary>
    /// <param name="endpoints">The server's routes.</param>
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
