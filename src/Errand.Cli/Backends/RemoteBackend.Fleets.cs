using System.Net;
using System.Text.Json;
using Errand.Application.Fleets;
using Errand.Json;
using Errand.Specs;

namespace Errand.Cli.Backends;

internal sealed partial class RemoteBackend
{
    public async Task<(FleetView? Fleet, IReadOnlyList<SpecDiagnostic> Findings)> RunFleetAsync(string file, CancellationToken cancellationToken)
    {
        var (found, missing) = await ReadSpecsAsync([file], cancellationToken);
        if (missing.Count > 0)
        {
            return (null, missing);
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/fleets", new { spec = found[0].Text }, cancellationToken, acceptInvalid: true);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return (null, Findings(body, [file]));
        }

        // The spec's warnings come with the created fleet; printed as here, named after the local file.
        var fleet = body.Deserialize<FleetView>(ErrandJson.Options)!;
        return (fleet with { Warnings = null }, [.. (fleet.Warnings ?? []).Select(w => w with { File = file })]);
    }

    public Task<FleetView> GetFleetAsync(long fleetId, CancellationToken cancellationToken) =>
        GetAsync<FleetView>($"/api/fleets/{fleetId}", cancellationToken);

    public async Task<int> CancelFleetAsync(long fleetId, string reason, CancellationToken cancellationToken) =>
        (await PostAsync<JsonElement>($"/api/fleets/{fleetId}/cancel", new { reason }, cancellationToken)).GetProperty("cancelled_tasks").GetArrayLength();

    // The API has no fleet stream: a follower polls, once a second at most.
    public Task WaitForChangeAsync(TimeSpan upTo, CancellationToken cancellationToken) =>
        Task.Delay(upTo < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : upTo, Time, cancellationToken);
}
