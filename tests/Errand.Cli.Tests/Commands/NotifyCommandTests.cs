using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Notifications.Channels.Webhook;

namespace Errand.Cli.Tests.Commands;

/// <summary>`errand notify ls|retry|test` and config errors, through real `errand` processes and a loopback receiver.</summary>
public sealed class NotifyCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Config(Uri url, int maxAttempts = 1) => $$"""
        notify:
          public_url: https://errand.example.com
          delivery: { max_attempts: {{maxAttempts}}, first_retry: 1s, max_retry: 2s, timeout: 5s }
          channels:
            hook:
              type: webhook
              url: "{{url}}"
              secret: HOOK_KEY
        """;

    [Fact]
    public async Task NotifyLsFailedAndRetry_ReceiverDownThenUp_DeadListedThenDeliveredWithTheSameId()
    {
        await using var setup = await NotifySetup.StartAsync(url => Config(url));
        setup.Receiver.Respond = (n, _) => Task.FromResult(n == 0 ? 503 : 200);

        var (runCode, _, run) = await setup.RunAsync("run", setup.Spec("hook"));
        Assert.True(runCode == 0, run);

        var (lsCode, ls, lsAll) = await setup.RunAsync("notify", "ls", "--failed", "--json");
        Assert.True(lsCode == 0, lsAll);
        var dead = Assert.Single(JsonDocument.Parse(ls).RootElement.EnumerateArray().ToList());
        var id = dead.GetProperty("id").GetInt64();
        var deliveryId = dead.GetProperty("delivery_id").GetString()!;
        Assert.StartsWith("task-1/succeeded/", deliveryId, StringComparison.Ordinal);
        Assert.EndsWith("/hook", deliveryId, StringComparison.Ordinal);
        Assert.Equal(("hook", "succeeded", 1L, "dead", 1), (dead.GetProperty("channel").GetString(), dead.GetProperty("event").GetString(),
            dead.GetProperty("task_id").GetInt64(), dead.GetProperty("state").GetString(), dead.GetProperty("attempts").GetInt32()));
        Assert.Equal($"HTTP 503 Service Unavailable: receiver says no (gave up after 1 attempts; `errand notify retry {id}` tries again)",
            dead.GetProperty("last_error").GetString());

        var (_, table, _) = await setup.RunAsync("notify", "ls", "--failed");
        Assert.Contains(deliveryId, table, StringComparison.Ordinal);
        Assert.Contains("dead", table, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", table, StringComparison.Ordinal);

        var (retryCode, retried, _) = await setup.RunAsync("notify", "retry", id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, retryCode);
        Assert.Equal($"notification {id} is due again", retried.Trim());
        var (_, afterRetry, _) = await setup.RunAsync("notify", "ls", "--json");
        var revived = JsonDocument.Parse(afterRetry).RootElement[0];
        Assert.Equal("retrying", revived.GetProperty("state").GetString());
        Assert.StartsWith("HTTP 503", revived.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        await using (var worker = setup.Start("worker", "--poll", "100ms"))
        {
            var requests = await setup.Receiver.WaitForAsync(2, Patience);
            Assert.All(requests, r => Assert.Equal(deliveryId, r.Header(WebhookHeaders.Delivery)));
            var accepted = requests[1];
            var timestamp = long.Parse(accepted.Header(WebhookHeaders.Timestamp), CultureInfo.InvariantCulture);
            Assert.True(WebhookSignature.Verify(NotifySetup.HookKey, timestamp, accepted.Body, accepted.Header(WebhookHeaders.Signature)));
            Assert.Equal("https://errand.example.com/tasks/1", JsonDocument.Parse(accepted.Body).RootElement.GetProperty("link").GetString());
            await WaitForStateAsync(setup, "delivered");
        }

        var (_, none, _) = await setup.RunAsync("notify", "ls", "--failed");
        Assert.Contains("no failed notifications", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyRetryAllFailed_CountsWhatItRevived()
    {
        await using var setup = await NotifySetup.StartAsync(url => Config(url));
        setup.Receiver.Respond = (_, _) => Task.FromResult(500);
        Assert.Equal(0, (await setup.RunAsync("run", setup.Spec("hook"))).Code);
        Assert.Equal(0, (await setup.RunAsync("run", setup.Spec("hook, nowhere"))).Code);

        var (_, ls, _) = await setup.RunAsync("notify", "ls", "--failed", "--json");
        var errors = JsonDocument.Parse(ls).RootElement.EnumerateArray().Select(r => r.GetProperty("last_error").GetString()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains("no channel named 'nowhere' in config.yaml", errors);

        var (code, output, _) = await setup.RunAsync("notify", "retry", "--all-failed");

        Assert.Equal(0, code);
        Assert.Equal("3 notifications are due again", output.Trim());
        Assert.Equal("3 notifications are due again", (await setup.RunAsync("notify", "retry", "--all-failed")).Stdout.Trim());
        Assert.Equal(3, (await setup.RunAsync("notify", "retry", "999")).Code);
        Assert.Equal(2, (await setup.RunAsync("notify", "retry")).Code);
    }

    [Fact]
    public async Task NotifyTest_ChannelAcceptsOrRefuses_ExitCodeSays()
    {
        await using var setup = await NotifySetup.StartAsync(url => Config(url));
        setup.Receiver.Respond = (n, _) => Task.FromResult(n == 0 ? 200 : 502);

        var (ok, okOut, okAll) = await setup.RunAsync("notify", "test", "hook");
        Assert.True(ok == 0, okAll);
        Assert.StartsWith("hook (webhook): delivered in ", okOut, StringComparison.Ordinal);
        var request = Assert.Single(setup.Receiver.Requests);
        Assert.Equal("test", request.Header(WebhookHeaders.Event));
        Assert.StartsWith("test/hook/", request.Header(WebhookHeaders.Delivery), StringComparison.Ordinal);

        var (failed, _, failedAll) = await setup.RunAsync("notify", "test", "hook");
        Assert.Equal(1, failed);
        Assert.Contains("hook (webhook): not delivered: HTTP 502 Bad Gateway", failedAll, StringComparison.Ordinal);

        var (missing, _, missingAll) = await setup.RunAsync("notify", "test", "slack");
        Assert.Equal(3, missing);
        Assert.Contains("no channel named 'slack'", missingAll, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DefaultChannels_NotifiedFilteredByTheirEvents()
    {
        await using var setup = await NotifySetup.StartAsync(url => $$"""
            notify:
              default: [everything, failures]
              channels:
                everything: { type: webhook, url: "{{url}}", secret: HOOK_KEY }
                failures: { type: webhook, url: "{{url}}", secret: HOOK_KEY, events: [failed] }
            """);

        var (code, _, all) = await setup.RunAsync("run", setup.Spec(""));

        Assert.True(code == 0, all);
        var request = Assert.Single(await setup.Receiver.WaitForAsync(1, Patience));
        Assert.EndsWith("/everything", request.Header(WebhookHeaders.Delivery), StringComparison.Ordinal);
        var (_, ls, _) = await setup.RunAsync("notify", "ls", "--json");
        var row = Assert.Single(JsonDocument.Parse(ls).RootElement.EnumerateArray().ToList());
        Assert.Equal(("everything", "delivered"), (row.GetProperty("channel").GetString(), row.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Worker_ConfigHasMistakes_RefusesToStartNamingLineAndField()
    {
        await using var setup = await NotifySetup.StartAsync(_ => """
            notify:
              default: [team]
              channels:
                team:
                  type: slack
                  url_secret: SLACK_URL
                  events: [succeeded, needs_inptu]
            """);

        var (code, _, all) = await setup.RunAsync("worker");

        Assert.Equal(2, code);
        Assert.Contains("config.yaml has a problem", all, StringComparison.Ordinal);
        Assert.Contains("config.yaml:7:15: notify.channels.team.events: 'needs_inptu' is not an event — did you mean 'needs_input'?", all, StringComparison.Ordinal);
    }

    private static async Task WaitForStateAsync(NotifySetup setup, string state)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var (_, ls, _) = await setup.RunAsync("notify", "ls", "--json");
            if (JsonDocument.Parse(ls).RootElement[0].GetProperty("state").GetString() == state)
            {
                return;
            }

            await Task.Delay(100, cts.Token);
        }
    }
}
