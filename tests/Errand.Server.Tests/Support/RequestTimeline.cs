using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Tests.Support;

/// <summary>
/// Adds a middleware in front of the test server's pipeline that puts each request's start and end (status, time taken,
/// whether the client went away) on a <see cref="Timeline"/>. Long-lived streams show as a start whose end comes late.
/// </summary>
internal sealed class RequestTimeline(Timeline timeline) : IServerExtension, IStartupFilter
{
    private long _count;

    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter>(this);

    public void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(LogAsync);
        next(app);
    };

    private async Task LogAsync(HttpContext http, RequestDelegate next)
    {
        var n = Interlocked.Increment(ref _count);
        var started = TimeProvider.System.GetTimestamp();
        var request = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}";
        timeline.Add($"server  > #{n} {request} (connection {http.Connection.Id})");
        try
        {
            await next(http);
        }
        finally
        {
            var aborted = http.RequestAborted.IsCancellationRequested ? ", client gone" : "";
            timeline.Add($"server  < #{n} {http.Response.StatusCode} {request} in {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms{aborted}");
        }
    }
}
