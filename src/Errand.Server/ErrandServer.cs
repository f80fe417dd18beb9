using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Errand.Application.Fleets;
using Errand.Application.Limits;
using Errand.Application.Notifications;
using Errand.Application.Schedules;
using Errand.Application.Tasks;
using Errand.Application.Tokens;
using Errand.Server.Auth;
using Errand.Server.Dashboard;
using Errand.Server.Endpoints;
using Errand.Server.Hosting;
using Errand.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server;

/// <summary>
/// The web application of <c>errand serve</c>: the REST API, its OpenAPI document, the dashboard, bearer-token (and
/// sign-in cookie) auth and the submission rate limit, over the services the process's workers use. The host (the CLI) starts the workers, the scheduler and
/// the notification dispatcher beside it.
/// </summary>
public static class ErrandServer
{
    /// <summary>Builds the application (not yet started).</summary>
    /// <param name="services">What it serves from.</param>
    /// <param name="options">Where it listens, its limits and its extensions.</param>
    public static WebApplication Build(ServerServices services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        // The slim builder: no HTTPS or IIS wiring to set up, so `errand serve` starts fast. It still reads appsettings.json
        // from the content root (the working directory); reloadConfigOnChange=false reads it once instead of watching it,
        // which put an inotify watch on every directory under the working directory: started in a tree of 5,351
        // directories, serve took 900 ms of CPU to its first answer instead of 760 (docs/BENCHMARKS.md, "Start-up").
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "errand",
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(options.Listen);
        builder.Services.AddSingleton(services.Logging);
        builder.Services.AddSingleton(services.Time);
        builder.Services.AddSingleton(services.Store);
        builder.Services.AddSingleton<ITokenStore>(services.Store);
        builder.Services.AddSingleton(services.Transitions);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton<TaskQueries>();
        builder.Services.AddSingleton<TaskSubmission>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<TaskWaiter>();
        builder.Services.AddSingleton<ScheduleService>();
        builder.Services.AddSingleton<FleetService>();
        builder.Services.AddSingleton<LimitService>();
        builder.Services.AddSingleton<NotificationQueries>();
        builder.Services.AddSingleton<DashboardRendering>();
        if (services.Workspaces is { } workspaces)
        {
            builder.Services.AddSingleton(new TaskDiffs(workspaces));
        }

        builder.Services.AddRazorComponents();
        // One key ring per database, not per machine user: every host on the store seals and opens the same tokens. The
        // application name is fixed, since the default (the content root) differs from host to host. Each key's secret is
        // encrypted under the secret store's key before it reaches the database.
        builder.Services.AddSingleton(services.KeyRing);
        builder.Services.AddDataProtection()
            .SetApplicationName("errand")
            .AddKeyManagementOptions(keys =>
            {
                keys.XmlRepository = new StoreXmlRepository(services.Store);
                keys.XmlEncryptor = new KeyRingXmlEncryptor(services.KeyRing);
            });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "errand_antiforgery";
            antiforgery.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = "__antiforgery";
        });

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Errand's JSON shape (snake_case, no nulls), but with the default encoder: '<', '>' and '&' leave as \u003C…,
            // so a title or log line holding markup stays data even if a client pastes it into a page.
            json.SerializerOptions.Encoder = JavaScriptEncoder.Default;
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, _ => { });
        builder.Services.AddSingleton<IAuthorizationHandler, ScopeHandler>();
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(ScopePolicies.Default).SetDefaultPolicy(ScopePolicies.Default);
        builder.Services.AddRateLimiter(options.SubmitLimit.Configure);
        foreach (var extension in options.Extensions)
        {
            extension.ConfigureServices(builder.Services);
        }

        var app = builder.Build();
        KeyRingUpgrade.RevokeClearKeys(app.Services.GetRequiredService<IKeyManager>(), services.KeyRing.ClearKeys);
        // The ring is read (and a first key made) here, at start, not by the first request that needs it.
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("errand.start").Protect([1]);
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After authentication: the dashboard's form posts are checked against the token tied to the signed-in user.
        app.UseAntiforgery();

        HealthEndpoints.Map(app);
        app.MapOpenApi();
        TaskEndpoints.Map(app);
        StreamEndpoints.Map(app);
        TokenEndpoints.Map(app);
        SecretEndpoints.Map(app);
        ScheduleEndpoints.Map(app);
        FleetEndpoints.Map(app);
        LimitEndpoints.Map(app);
        NotificationEndpoints.Map(app);
        SpecEndpoints.Map(app);
        DashboardEndpoints.Map(app);

        // Extensions (metrics, MCP) plug in here; their endpoints fall under the default policy above unless they name scopes.
        foreach (var extension in options.Extensions)
        {
            extension.MapEndpoints(app);
        }

        return app;
    }

    /// <summary>The address the started application listens on (the real port when it was asked for port 0).</summary>
    /// <param name="app">A started application.</param>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
