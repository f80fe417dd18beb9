using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>
/// The dashboard's stylesheet, script and icon, embedded in the assembly (no web root, no build step). Pages link them
/// with a content hash in the query, so a browser may keep them for a year and still never runs an old script.
/// </summary>
internal static class DashboardAssets
{
    public const string Route = "/assets/{name}";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The URL of an asset, versioned by its content.</summary>
    public static string Url(string name) => $"/assets/{name}?v={Assets[name].Version}";

    /// <summary>
    /// The one anonymous dashboard route besides sign-in: the sign-in page needs its stylesheet, and these files are the
    /// same for everyone (no data).
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(Route, (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Microsoft.AspNetCore.Http.Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Microsoft.AspNetCore.Http.Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource["dashboard/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string Version);
}
