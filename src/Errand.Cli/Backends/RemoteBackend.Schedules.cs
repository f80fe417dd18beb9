using System.Globalization;
using System.Net;
using System.Text.Json;
using Errand.Application.Schedules;
using Errand.Json;

namespace Errand.Cli.Backends;

internal sealed partial class RemoteBackend
{
    public async Task<ScheduleAddition> AddScheduleAsync(ScheduleOptions options, string specPath, CancellationToken cancellationToken)
    {
        var spec = await File.ReadAllTextAsync(specPath, cancellationToken);
        var request = new
        {
            options.Name, options.Cron, options.TimeZone, Spec = spec, options.Overlap, options.CatchUp, options.Jitter, options.MaxParallel,
        };
        using var response = await SendAsync(HttpMethod.Post, "/api/schedules", request, cancellationToken, acceptInvalid: true, acceptConflict: true);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return new ScheduleAddition(null, Findings(body, [specPath]), NameTaken: false);
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // The only conflict adding a schedule has: the name; the spec's warnings come with it, as the store's host prints them.
            return new ScheduleAddition(null, body.TryGetProperty("diagnostics", out _) ? Findings(body, [specPath]) : [], NameTaken: true);
        }

        var schedule = body.Deserialize<ScheduleView>(ErrandJson.Options)!;
        return new ScheduleAddition(schedule with { Warnings = null }, [.. (schedule.Warnings ?? []).Select(w => w with { File = specPath })], NameTaken: false);
    }

    public Task<IReadOnlyList<TickView>> ScheduleHistoryAsync(string name, int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TickView>>($"{SchedulePath(name)}/history?limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    public Task<ScheduleView> SetSchedulePausedAsync(string name, bool paused, CancellationToken cancellationToken) =>
        PostAsync<ScheduleView>($"{SchedulePath(name)}/{(paused ? "pause" : "resume")}", null, cancellationToken);

    public Task<TickView> TriggerScheduleAsync(string name, CancellationToken cancellationToken) =>
        PostAsync<TickView>($"{SchedulePath(name)}/trigger", null, cancellationToken);

    public async Task RemoveScheduleAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, SchedulePath(name), null, cancellationToken);
    }

    private static string SchedulePath(string name) => "/api/schedules/" + Uri.EscapeDataString(name);
}
