using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.EndToEnd;

/// <summary>
/// Channel secrets (webhook key, Slack URL, ntfy token) reach their receivers and nothing else: not the outbox, the
/// journal or any file in the data directory, not the logs, not the CLI's output — even when a receiver echoes them
/// back in its error.
/// </summary>
public sealed class NotificationSecretTests
{
    private const string HookKey = NotifySetup.HookKey;
    private const string SlackToken = "xoxb-Pl4nted-Sl4ck-T0ken";
    private const string NtfyToken = "tk_pl4ntedNtfyT0ken99";

    [Fact]
    public async Task Run_ReceiversEchoSecretsInErrors_NoOutputNoLogNoFileHoldsThem()
    {
        await using var setup = await NotifySetup.StartAsync(url => $$"""
            notify:
              delivery: { max_attempts: 1 }
              channels:
                hook: { type: webhook, url: "{{url}}", secret: HOOK_KEY }
                team: { type: slack, url_secret: SLACK_URL }
                phone: { type: ntfy, url: "{{url}}/topic", token_secret: NTFY_TOKEN }
            """);
        var slackUrl = new Uri(setup.Receiver.Url, $"/slack?token={SlackToken}").AbsoluteUri;
        await setup.SetSecretAsync("SLACK_URL", slackUrl);
        await setup.SetSecretAsync("NTFY_TOKEN", NtfyToken);
        setup.Receiver.Respond = (_, _) => Task.FromResult(500);
        setup.Receiver.RefusalBody = http =>
            $"refused {http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString} auth={http.Request.Headers.Authorization}";
        var outputs = new List<(string Command, string Output)>();

        var run = await setup.RunAsync("run", setup.Spec("hook, team, phone"), "--verbose");
        Assert.True(run.Code == 0, run.All);
        outputs.Add(("run --verbose", run.All));
        foreach (var args in (string[][])[["notify", "ls"], ["notify", "ls", "--failed", "--json"], ["notify", "test", "team"], ["notify", "test", "phone"], ["logs", "1"], ["show", "1", "--json"]])
        {
            outputs.Add((string.Join(' ', args), (await setup.RunAsync(args)).All));
        }

        // The secrets did their jobs: the receivers got them (so an unredacted echo would have leaked them).
        var requests = setup.Receiver.Requests;
        Assert.Contains(requests, r => r.Path.Contains(SlackToken, StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Headers.TryGetValue("Authorization", out var auth) && auth == $"Bearer {NtfyToken}");
        Assert.Contains("[redacted:SLACK_URL]", outputs[1].Output, StringComparison.Ordinal);
        Assert.Contains("[redacted:NTFY_TOKEN]", outputs[1].Output, StringComparison.Ordinal);

        var leaks = new List<string>();
        foreach (var secret in (string[])[HookKey, slackUrl, SlackToken, NtfyToken])
        {
            foreach (var (command, output) in outputs)
            {
                leaks.AddRange(SecretTrace.FindIn(output, secret, $"the output of errand {command}"));
            }

            leaks.AddRange(SecretTrace.FindInDirectory(setup.Repo.DataDir, secret));
        }

        Assert.Empty(leaks);
    }
}
