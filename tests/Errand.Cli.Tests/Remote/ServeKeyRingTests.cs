using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Errand.Cli.Tests.Support;
using Errand.Engine.Secrets;
using Errand.Server.Auth;
using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;

namespace Errand.Cli.Tests.Remote;

/// <summary>
/// Two <c>errand serve</c> processes behind one address, as two hosts would be: one database, but each its own home
/// directory (so no per-user key folder is shared). A form and the sign-in cookie issued by one are accepted by the
/// other, and by a third started after both stopped; the key ring is in the database, its keys' secrets encrypted under
/// the secret key the hosts share (a host with another key refuses to start), and a key is in no row and no output: on
/// SQLite (the hosts' one database file) and on PostgreSQL (one database, given by --store).
/// </summary>
public sealed partial class ServeKeyRingTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly TempGitRepo _repo = new();
    private readonly List<ErrandProcess> _serves = [];
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Patience };
    private int _stopped;

    // The arguments every errand process gets to reach the store (none: the data directory's SQLite file), and the
    // PostgreSQL schema and connection string when on PostgreSQL.
    private string[] _store = [];
    private string? _schema;
    private string? _connection;

    [Fact]
    public Task FormAndCookie_IssuedByOneServe_AcceptedByAnotherAndAfterRestart() => FormAndCookieAsync();

    [Fact]
    public async Task FormAndCookie_IssuedByOneServeOnPostgres_AcceptedByAnotherAndAfterRestart()
    {
        (_schema, _connection) = await PostgresServer.CreateSchemaAsync();
        _store = ["--store", _connection];
        await FormAndCookieAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var serve in _serves.Skip(_stopped))
        {
            await serve.DisposeAsync();
        }

        _http.Dispose();
        _repo.Dispose();
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }

    private async Task FormAndCookieAsync()
    {
        _repo.WriteFile("README.md", "a repository\n");
        _repo.Commit("initial");
        var (code, admin, all) = await ErrandProcess.RunCapturedAsync(_repo.DataDir, _repo.Root, Patience, ["token", "create", "--name", "ops", "--scope", "admin", .. _store]);
        Assert.True(code == 0, all);
        admin = admin.Trim();
        var a = await ServeAsync("a");
        var b = await ServeAsync("b");

        // The sign-in form from A, posted to B.
        var (signInForm, antiforgeryCookie) = await FormFromAsync(a, "/signin", cookie: null);
        using var signedIn = await PostAsync(b, "/signin", antiforgeryCookie, signInForm, ("token", admin), ("next", "/"));
        Assert.True(signedIn.StatusCode == HttpStatusCode.SeeOther, $"B refused A's sign-in form: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        var tokenCookie = Cookie(signedIn, "errand_token");
        var cookies = $"{antiforgeryCookie}; {tokenCookie}";

        // B's sign-in cookie on A; a signed-in form from A, posted to B.
        var (newTaskForm, _) = await FormFromAsync(a, "/", cookies);
        using var submitted = await PostAsync(b, "/tasks", cookies, newTaskForm, ("spec", Spec()));
        Assert.True(submitted.StatusCode == HttpStatusCode.SeeOther, $"B refused A's form: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        var taskPath = submitted.Headers.Location!.OriginalString;
        Assert.Matches("^/tasks/[0-9]+$", taskPath);

        // Both gone; a third host, started afresh, takes the same form and cookie.
        foreach (var serve in _serves)
        {
            await serve.DisposeAsync();
        }

        _stopped = _serves.Count;
        var c = await ServeAsync("c");
        using var cancelled = await PostAsync(c, taskPath + "/cancel", cookies, newTaskForm, ("reason", "done with it"));
        Assert.True(cancelled.StatusCode == HttpStatusCode.SeeOther, $"a restarted host refused the form: {(int)cancelled.StatusCode} {await cancelled.Content.ReadAsStringAsync()}");

        // The stored ring holds the key's secret encrypted only: no masterKey element, and its value in no row. It opens
        // with the shared key file, under the secret store's own mechanism.
        var database = Path.Combine(_repo.DataDir, "errand.db");
        await using IErrandStore store = _connection is null
            ? await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = database }, CancellationToken.None)
            : await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _connection }, CancellationToken.None);
        var ring = await store.ListKeyRingAsync(CancellationToken.None);
        var stored = ring.Select(XElement.Parse).ToList();
        Assert.Empty(stored.SelectMany(e => e.Descendants("masterKey")));
        var encrypted = Assert.Single(stored.SelectMany(e => e.Descendants(KeyRingCipher.Element)));
        var secrets = new SecretStore(_repo.DataDir, new SecretStoreOptions { KeyFile = KeyFile });
        var cipher = await KeyRingCipher.OpenAsync(store, secrets, CancellationToken.None);
        Assert.Equal(cipher.KeyId, encrypted.Attribute("key")!.Value);
        var secret = cipher.Decrypt(encrypted).Descendants("value").Single().Value;
        Assert.True(secret.Length >= 40, secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(ring, xml => Assert.DoesNotContain(secret, xml, StringComparison.Ordinal));

        // Past the store's API, as a dump shows them: every row of every table, the ring's included, holds neither the
        // secret (as is, base64, hex...) nor its bytes (a blob or bytea is shown as hex).
        var rows = _connection is null ? await StoredRows.SqliteAsync(database) : await StoredRows.PostgresAsync(_connection, _schema!);
        Assert.Equal(ring.Count, rows.Count(r => r.StartsWith("key_ring: ", StringComparison.Ordinal)));
        Assert.Empty(rows.SelectMany(r => SecretTrace.FindIn(r, secret, r[..r.IndexOf(':', StringComparison.Ordinal)])));
        var bytes = Convert.ToHexStringLower(Convert.FromBase64String(secret));
        Assert.DoesNotContain(rows, r => r.Contains(bytes, StringComparison.OrdinalIgnoreCase));
        foreach (var (serve, name) in _serves.Zip(new[] { "a", "b", "c" }))
        {
            Assert.False(Directory.Exists(Path.Combine(Home(name), ".aspnet")), $"serve {name} wrote keys to its home directory");
            Assert.Empty(SecretTrace.FindIn(serve.Output, secret, $"serve {name}'s output"));
            Assert.DoesNotContain("No XML encryptor configured", serve.Output, StringComparison.Ordinal);
        }

        // A host without the key, or with another one, cannot read the ring: it refuses to start, saying why, rather
        // than make a key of its own that the other hosts could not read.
        var missing = Path.Combine(_repo.Root, "no-keys", "secret.key");
        Assert.Contains($"this host has no key at {missing}", await RefusedAsync("d", missing), StringComparison.Ordinal);
        Assert.False(File.Exists(missing), "a host made a key of its own");
        var other = Path.Combine(_repo.Root, "other-keys", "secret.key");
        await using (var elsewhere = ErrandProcess.Start(Path.Combine(_repo.Root, "other-data"), _repo.Root,
            new Dictionary<string, string> { ["ERRAND_SECRET_KEY_FILE"] = other }, "secret", "set", "ELSEWHERE", "--value", "another installation"))
        {
            Assert.Equal(0, await elsewhere.WaitForExitAsync(Patience));
        }

        var refused = await RefusedAsync("e", other);
        Assert.Contains($"encrypted under the secret key with fingerprint {cipher.KeyId}, but {other} has fingerprint ", refused, StringComparison.Ordinal);
        Assert.Contains("every host serving one store needs the same key file", refused, StringComparison.Ordinal);
        Assert.Equal(ring.Count, (await store.ListKeyRingAsync(CancellationToken.None)).Count);
    }

    // The secret key every host of the store is given (the first serve makes it).
    private string KeyFile => Path.Combine(_repo.Root, "keys", "secret.key");

    private string Home(string name) => Path.Combine(_repo.Root, "home-" + name);

    private Dictionary<string, string> HostEnvironment(string name, string keyFile)
    {
        Directory.CreateDirectory(Home(name));
        return new() { ["HOME"] = Home(name), ["ERRAND_SECRET_KEY_FILE"] = keyFile };
    }

    private async Task<Uri> ServeAsync(string name)
    {
        var serve = ErrandProcess.Start(_repo.DataDir, _repo.Root, HostEnvironment(name, KeyFile),
            ["serve", "--listen", "http://127.0.0.1:0", "--concurrency", "0", .. _store]);
        _serves.Add(serve);
        var listening = await serve.WaitForLineAsync(l => l.Contains("listening on ", StringComparison.Ordinal), Patience);
        return new Uri(listening.Split("listening on ")[1].Split(',')[0]);
    }

    // A serve on the store with the key file named: it exits 2 before listening; its output.
    private async Task<string> RefusedAsync(string name, string keyFile)
    {
        var serve = ErrandProcess.Start(_repo.DataDir, _repo.Root, HostEnvironment(name, keyFile), ["serve", "--listen", "http://127.0.0.1:0", "--concurrency", "0", .. _store]);
        _serves.Add(serve);
        Assert.Equal(2, await serve.WaitForExitAsync(Patience));
        Assert.DoesNotContain("listening on", serve.Output, StringComparison.Ordinal);
        return serve.Output;
    }

    // The antiforgery field of the first form on the page, and the antiforgery cookie if the page set one.
    private async Task<(string Form, string? Cookie)> FormFromAsync(Uri server, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await _http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{html}");
        var field = FormToken().Match(html);
        Assert.True(field.Success, $"no antiforgery field on {path}");
        return (WebUtility.HtmlDecode(field.Groups[1].Value), response.Headers.TryGetValues("Set-Cookie", out _) ? Cookie(response, "errand_antiforgery") : null);
    }

    private async Task<HttpResponseMessage> PostAsync(Uri server, string path, string? cookie, string form, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Content = new FormUrlEncodedContent([new("__antiforgery", form), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await _http.SendAsync(request);
    }

    private static string Cookie(HttpResponseMessage response, string name)
    {
        var set = response.Headers.GetValues("Set-Cookie").FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.True(set is not null, $"no {name} cookie set");
        return set.Split(';')[0];
    }

    private string Spec() => $"""
        ---
        title: Shared keys
        repo: {_repo.RepoPath}
        agent: command
        command: "true"
        sandbox:
          backend: none
        ---
        Nothing.
        """;

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
