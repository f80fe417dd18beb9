using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Errand.Application.Fleets;
using Errand.Application.Journal;
using Errand.Application.Schedules;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Json;
using Errand.Questions;
using Errand.Specs;

namespace Errand.Cli.Backends;

/// <summary>
/// The commands against an <c>errand serve</c> over its REST API, with a bearer token. Spec files are read here and sent
/// as text (a local repo must then be an absolute path: the server has no folder to resolve a relative one against).
/// </summary>
internal sealed partial class RemoteBackend : IErrandBackend
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public RemoteBackend(Uri server, string? token)
    {
        _server = server;
        // No overall timeout: logs -f and wait stay open as long as the task runs; Ctrl+C (the command's token) ends them.
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        if (token is { Length: > 0 })
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public TimeProvider Time => TimeProvider.System;

    public async Task<SubmitOutcome> SubmitAsync(IReadOnlyList<string> files, string? model, CancellationToken cancellationToken)
    {
        var (found, missing) = await ReadSpecsAsync(files, cancellationToken);
        if (missing.Count > 0)
        {
            return new SubmitOutcome([], missing);
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/tasks/batch", new { specs = found.Select(f => f.Text), model }, cancellationToken, acceptInvalid: true);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return new SubmitOutcome([], Findings(JsonElement.Parse(body), files));
        }

        // Each task carries its spec's warnings: printed as here, named after the local files, in the files' order.
        var tasks = ErrandJson.Deserialize<List<TaskView>>(body);
        return new SubmitOutcome(
            [.. tasks.Select(t => t with { Warnings = null })],
            [.. tasks.SelectMany(t => t.Warnings ?? []).Select(w => w with { File = FileOf(w.File, files) })]);
    }

    public Task<IReadOnlyList<TaskView>> ListAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken)
    {
        var query = string.Join("", states.Select(s => "&state=" + Uri.EscapeDataString(s)));
        return GetAsync<IReadOnlyList<TaskView>>($"/api/tasks?limit={limit.ToString(CultureInfo.InvariantCulture)}{query}", cancellationToken, page => page.GetProperty("tasks"));
    }

    public Task<TaskView> ShowAsync(long taskId, bool withSpec, CancellationToken cancellationToken) =>
        GetAsync<TaskView>($"/api/tasks/{taskId}", cancellationToken);

    public async IAsyncEnumerable<JournalEventView> LogsAsync(long taskId, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!follow)
        {
            var after = 0L;
            while (true)
            {
                var page = await GetAsync<IReadOnlyList<JournalEventView>>($"/api/tasks/{taskId}/journal?after={after.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
                foreach (var e in page)
                {
                    after = e.Seq;
                    yield return e;
                }

                if (page.Count == 0)
                {
                    yield break;
                }
            }
        }

        // The server's SSE stream: journal events live, then one end event when the task has ended.
        using var response = await SendAsync(HttpMethod.Get, $"/api/tasks/{taskId}/events", null, cancellationToken, streamed: true);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "end")
            {
                yield break;
            }

            if (item.EventType == "journal")
            {
                yield return ErrandJson.Deserialize<JournalEventView>(item.Data);
            }
        }
    }

    public async Task<TaskView> WaitAsync(long taskId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var task = await GetAsync<TaskView>($"/api/tasks/{taskId}/wait?timeout=60s", cancellationToken);
            if (Tasks.TaskStates.TryParse(task.State, out var state) && TaskWaiter.Settled(state))
            {
                return task;
            }
        }
    }

    public Task<IReadOnlyList<InboxItem>> InboxAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<InboxItem>>($"/api/inbox?limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    public async Task<(TaskView Task, HumanAnswer Answer)> AnswerAsync(long taskId, string answer, string by, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/tasks/{taskId}/answer", new { answer, by }, cancellationToken);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (body.GetProperty("task").Deserialize<TaskView>(ErrandJson.Options)!, body.GetProperty("answer").Deserialize<HumanAnswer>(ErrandJson.Options)!);
    }

    public async Task<string> CancelAsync(long taskId, string reason, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/tasks/{taskId}/cancel", new { reason }, cancellationToken);
        return JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).GetProperty("outcome").GetString()!;
    }

    public Task<IReadOnlyList<ScheduleView>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ScheduleView>>("/api/schedules", cancellationToken);

    public Task<IReadOnlyList<FleetView>> ListFleetsAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<FleetView>>($"/api/fleets?limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) => SendJsonAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        return JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).Deserialize<T>(ErrandJson.Options)!;
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken, Func<JsonElement, JsonElement>? select = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        var json = JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (select is null ? json : select(json)).Deserialize<T>(ErrandJson.Options)!;
    }

    /// <summary>Sends a request; a refusal becomes a <see cref="BackendException"/> saying what the server said, with the exit code it means.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        bool acceptInvalid = false, bool acceptConflict = false, bool streamed = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ErrandJson.Options);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new BackendException(ExitCodes.Unreachable, $"cannot reach the server at {_server}: {ex.Message}");
        }

        if (response.IsSuccessStatusCode
            || (acceptInvalid && response.StatusCode == HttpStatusCode.BadRequest)
            || (acceptConflict && response.StatusCode == HttpStatusCode.Conflict))
        {
            return response;
        }

        using (response)
        {
            var detail = await DetailAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new BackendException(ExitCodes.Unauthorized,
                    $"the server at {_server} refused the request: no valid token (give --token or set ERRAND_TOKEN; `errand token create` on the server makes one)"),
                HttpStatusCode.Forbidden => new BackendException(ExitCodes.Unauthorized,
                    $"the server at {_server} refused the request: this token's scope does not allow {method} {path.Split('?')[0]}"),
                HttpStatusCode.NotFound => new BackendException(ExitCodes.NotFound, detail),
                HttpStatusCode.BadRequest or HttpStatusCode.Conflict => new BackendException(ExitCodes.InvalidInput, detail),
                HttpStatusCode.TooManyRequests => new BackendException(ExitCodes.RateLimited,
                    $"the server at {_server} is not taking more from this token now: {detail}"),
                _ => new BackendException(ExitCodes.Unreachable, $"the server at {_server} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}"),
            };
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonElement.Parse(text).TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } said ? said : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>A 400's findings, each named after the file it came from (the server names them specs[i]).</summary>
    private static List<SpecDiagnostic> Findings(JsonElement problem, IReadOnlyList<string> files)
    {
        if (!problem.TryGetProperty("diagnostics", out var diagnostics))
        {
            var said = problem.TryGetProperty("detail", out var detail) ? detail.GetString() : problem.ToString();
            return [new SpecDiagnostic(DiagnosticSeverity.Error, "E000", said ?? "", files.Count == 1 ? files[0] : "specs", 1, 1, null)];
        }

        return [.. diagnostics.EnumerateArray().Select(d => new SpecDiagnostic(
            d.GetProperty("severity").GetString() == "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            d.GetProperty("code").GetString() ?? "",
            d.GetProperty("message").GetString() ?? "",
            FileOf(d.TryGetProperty("file", out var f) ? f.GetString() ?? "" : "", files),
            d.GetProperty("line").GetInt32(),
            d.GetProperty("column").GetInt32(),
            d.TryGetProperty("field", out var field) ? field.GetString() : null))];
    }

    /// <summary>The local file a finding is about: the server names the texts it was sent specs[i] (or spec, for one).</summary>
    private static string FileOf(string named, IReadOnlyList<string> files) =>
        named.StartsWith("specs[", StringComparison.Ordinal) && int.TryParse(named[6..^1], CultureInfo.InvariantCulture, out var i) && i < files.Count
            ? files[i]
            : files[0];
}
