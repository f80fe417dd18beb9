using System.Text;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Tests.Support;

namespace Errand.Notifications.Tests.Channels;

public sealed class NtfyChannelTests : ReceiverTests
{
    [Fact]
    public async Task Send_Failed_TitlePriorityTagsClickTokenAndBody()
    {
        var result = await Channel(new NtfyChannelConfig("phone", new ConfiguredUrl(Receiver.Url, null)) { TokenSecret = "NTFY_TOKEN", Tags = ["errand"] })
            .SendAsync(Payloads.Of(Payloads.Failed()), Ct);

        Assert.True(result.Delivered, result.Error);
        var request = Assert.Single(await Receiver.WaitForAsync(1, Patience));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("Task #42 failed: Fix the login bug", request.Header("Title"));
        Assert.Equal("high", request.Header("Priority"));
        Assert.Equal("x,errand", request.Header("Tags"));
        Assert.Equal("https://errand.example.com/tasks/42", request.Header("Click"));
        Assert.Equal("Bearer tk_0123456789abcdef", request.Header("Authorization"));
        Assert.StartsWith("text/plain", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(
            "Task #42 failed: Fix the login bug\n\nReason: check 'tests' failed: 3 of 120 tests failed\nState: failed\nLink: https://errand.example.com/tasks/42",
            request.Text);
    }

    [Theory]
    [InlineData("needs_input", "high")]
    [InlineData("failed", "high")]
    [InlineData("succeeded", "default")]
    [InlineData("stuck", "default")]
    public async Task Send_DefaultPriorities_UrgentEventsHigh(string notificationEvent, string priority)
    {
        await Channel(new NtfyChannelConfig("phone", new ConfiguredUrl(Receiver.Url, null)))
            .SendAsync(Payloads.Of(Payloads.Succeeded() with { Event = notificationEvent }), Ct);

        Assert.Equal(priority, Assert.Single(await Receiver.WaitForAsync(1, Patience)).Header("Priority"));
    }

    [Fact]
    public async Task Send_ConfiguredPriority_Overrides()
    {
        var config = ConfigFile.Parse($$"""
            notify:
              channels:
                phone: {type: ntfy, url: "{{Receiver.Url}}", priority: {succeeded: low, needs_input: urgent} }
            """, "config.yaml").Notify.Channels["phone"];

        await Channel(config).SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);
        await Channel(config).SendAsync(Payloads.Of(Payloads.NeedsInput()), Ct);
        await Channel(config).SendAsync(Payloads.Of(Payloads.Failed()), Ct);

        Assert.Equal(["low", "urgent", "high"], (await Receiver.WaitForAsync(3, Patience)).Select(r => r.Header("Priority")));
    }

    [Fact]
    public async Task Send_NeedsInputWithNonAsciiTitle_EncodedTitleAndQuestionInBody()
    {
        await Channel(new NtfyChannelConfig("phone", new ConfiguredUrl(Receiver.Url, null)))
            .SendAsync(Payloads.Of(Payloads.NeedsInput() with { Title = "Mise à jour de l'ORM ✨" }), Ct);

        var request = Assert.Single(await Receiver.WaitForAsync(1, Patience));
        Assert.Equal("Task #42 needs your input: Mise à jour de l'ORM ✨", DecodeEncodedWord(request.Header("Title")));
        Assert.Equal("raising_hand", request.Header("Tags"));
        Assert.Equal(
            "Task #42 needs your input: Mise à jour de l'ORM ✨\n\nQuestion: Drop the legacy tables?\nOptions: yes, no, later\nDefault: no\n"
            + "Deadline: 2030-01-02 07:04 UTC (then the default, no, is taken)\nAnswer with: errand answer 42 <choice>\n\n"
            + "State: waiting_for_human\nLink: https://errand.example.com/tasks/42",
            request.Text);
    }

    private static string DecodeEncodedWord(string header)
    {
        Assert.StartsWith("=?UTF-8?B?", header, StringComparison.Ordinal);
        Assert.EndsWith("?=", header, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(header["=?UTF-8?B?".Length..^2]));
    }

    private INotificationChannel Channel(ChannelConfig config) =>
        new ChannelFactory(Http, new MemorySecrets(new() { ["NTFY_TOKEN"] = "tk_0123456789abcdef" }), TimeProvider.System).Create(config);
}
