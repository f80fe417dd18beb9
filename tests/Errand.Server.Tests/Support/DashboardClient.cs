using System.Net;
using System.Text.RegularExpressions;

namespace Errand.Server.Tests.Support;

/// <summary>A browser-like HTTP client for the dashboard: a cookie jar, no redirects followed, forms posted with their antiforgery token.</summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    public DashboardClient(Uri server)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = server, Timeout = ServerHarness.Patience };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    /// <summary>Signs in through the form; the response to the post (303 on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string token)
    {
        var form = await FormTokenAsync("/signin");
        return await PostAsync("/signin", form, ("token", token), ("next", "/"));
    }

    /// <summary>The antiforgery token of a form on the page at <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        var html = await _http.GetStringAsync(new Uri(path, UriKind.Relative));
        return FormTokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no form token on {path}");
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? formToken, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (formToken is not null)
        {
            values.Add(new("__antiforgery", formToken));
        }

        return _http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();
}
