using System.Text.Json;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Tests.Support;

namespace Errand.Notifications.Tests.Channels;

public sealed class SlackChannelTests : ReceiverTests
{
    [Fact]
    public async Task Send_Succeeded_StatusEmojiLinkedTitleAndFacts()
    {
        var result = await Channel().SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.True(result.Delivered, result.Error);
        var request = Assert.Single(await Receiver.WaitForAsync(1, Patience));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var message = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("✔ Task #42 succeeded: Fix the login bug — https://errand.example.com/tasks/42", message.GetProperty("text").GetString());
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(":white_check_mark: *Task #42 succeeded*: <https://errand.example.com/tasks/42|Fix the login bug>", Text(blocks[0]));
        Assert.Equal(
            "*Summary:* Fixed the null check in LoginController\n*State:* succeeded\n*Branch:* errand/42-fix-login\n*Cost:* $0.42",
            Text(blocks[1]));
    }

    [Fact]
    public async Task Send_NeedsInput_QuestionOptionsDefaultDeadlineAndHowToAnswer()
    {
        await Channel().SendAsync(Payloads.Of(Payloads.NeedsInput(), "task-42/needs_input/3/team"), Ct);

        var message = JsonDocument.Parse(Assert.Single(await Receiver.WaitForAsync(1, Patience)).Body).RootElement;
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(":raising_hand: *Task #42 needs your input*: <https://errand.example.com/tasks/42|Upgrade the ORM>", Text(blocks[0]));
        Assert.Equal(
            "*Question:* Drop the legacy tables?\n*Options:* `yes`  `no`  `later`\n*Default:* `no`\n*Deadline:* 2030-01-02 07:04 UTC",
            Text(blocks[1]));
        Assert.Equal("context", blocks[2].GetProperty("type").GetString());
        Assert.Equal("Answer with `errand answer 42 <choice>`".Replace("<", "&lt;").Replace(">", "&gt;"),
            blocks[2].GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.Equal("*State:* waiting_for_human", Text(blocks[3]));
        Assert.StartsWith("? Task #42 needs your input: Upgrade the ORM", message.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TitleWithMarkup_Escaped()
    {
        await Channel().SendAsync(Payloads.Of(Payloads.Failed() with { Title = "Use <T> & <!channel>" }), Ct);

        var message = JsonDocument.Parse(Assert.Single(await Receiver.WaitForAsync(1, Patience)).Body).RootElement;
        Assert.Contains("|Use &lt;T&gt; &amp; &lt;!channel&gt;>", Text(message.GetProperty("blocks")[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", message.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WebhookUrlSecretNotSet_Permanent()
    {
        var channel = new ChannelFactory(Http, new MemorySecrets([]), TimeProvider.System).Create(new SlackChannelConfig("team", "SLACK_URL"));

        var result = await channel.SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.True(result.Permanent);
        Assert.Contains("SLACK_URL is not set", result.Error, StringComparison.Ordinal);
    }

    private static string? Text(JsonElement block) => block.GetProperty("text").GetProperty("text").GetString();

    private INotificationChannel Channel() =>
        new ChannelFactory(Http, new MemorySecrets(new() { ["SLACK_URL"] = Receiver.Url.AbsoluteUri }), TimeProvider.System)
            .Create(new SlackChannelConfig("team", "SLACK_URL"));
}
