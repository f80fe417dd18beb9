using System.Text.Json;
using Errand.Notifications.Channels;
using Errand.Notifications.Channels.Webhook;
using Errand.Notifications.Configuration;
using Errand.Notifications.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Notifications.Tests.Channels;

public sealed class WebhookChannelTests : ReceiverTests
{
    private const string Key = "whsec-0123456789abcdef";
    private readonly FakeTimeProvider _time = new(Payloads.At.AddSeconds(3));

    [Fact]
    public async Task Send_Succeeded_SignedJsonWithEveryField()
    {
        var result = await Channel().SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.Equal(DeliveryResult.Success, result);
        var request = Assert.Single(await Receiver.WaitForAsync(1, Patience));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("task-42/succeeded/7/hook", request.Header(WebhookHeaders.Delivery));
        Assert.Equal("succeeded", request.Header(WebhookHeaders.Event));
        var timestamp = long.Parse(request.Header(WebhookHeaders.Timestamp), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), timestamp);
        Assert.True(WebhookSignature.Verify(Key, timestamp, request.Body, request.Header(WebhookHeaders.Signature)));
        Assert.Equal(Expected(timestamp, request.Body), request.Header(WebhookHeaders.Signature));

        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("task-42/succeeded/7/hook", body.GetProperty("delivery_id").GetString());
        Assert.Equal("succeeded", body.GetProperty("event").GetString());
        Assert.Equal("Fix the login bug", body.GetProperty("title").GetString());
        Assert.Equal(Payloads.At, body.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("https://errand.example.com/tasks/42", body.GetProperty("link").GetString());
        var task = body.GetProperty("task");
        Assert.Equal(42, task.GetProperty("id").GetInt64());
        Assert.Equal("Fix the login bug", task.GetProperty("title").GetString());
        Assert.Equal("succeeded", task.GetProperty("state").GetString());
        Assert.Equal("Fixed the null check in LoginController", task.GetProperty("summary").GetString());
        Assert.Equal("errand/42-fix-login", task.GetProperty("branch").GetString());
        Assert.Equal(0.42m, task.GetProperty("cost_usd").GetDecimal());
        Assert.Equal("https://errand.example.com/tasks/42", task.GetProperty("link").GetString());
        Assert.False(body.TryGetProperty("question", out _));
    }

    [Fact]
    public async Task Send_NeedsInput_QuestionWithOptionsDefaultAndDeadline()
    {
        await Channel().SendAsync(Payloads.Of(Payloads.NeedsInput(), "task-42/needs_input/3/hook"), Ct);

        var request = Assert.Single(await Receiver.WaitForAsync(1, Patience));
        var question = JsonDocument.Parse(request.Body).RootElement.GetProperty("question");
        Assert.Equal("ask", question.GetProperty("kind").GetString());
        Assert.Equal("Drop the legacy tables?", question.GetProperty("text").GetString());
        Assert.Equal(["yes", "no", "later"], question.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("no", question.GetProperty("default").GetString());
        Assert.Equal(Payloads.At.AddHours(4), question.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal("needs_input", request.Header(WebhookHeaders.Event));
    }

    [Fact]
    public async Task Send_ReceiverRefuses_FailedWithStatusAndBody()
    {
        Receiver.Respond = (_, _) => Task.FromResult(503);

        var result = await Channel().SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.False(result.Delivered);
        Assert.False(result.Permanent);
        Assert.Equal("HTTP 503 Service Unavailable: receiver says no", result.Error);
    }

    [Fact]
    public async Task Send_NobodyListening_FailedWithNetworkError()
    {
        var url = await RestartReceiverAsync();

        var result = await Channel(url).SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.False(result.Delivered);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Send_KeyNotSet_PermanentFailureNamingTheSecret()
    {
        var channel = new ChannelFactory(Http, new MemorySecrets([]), _time)
            .Create(new WebhookChannelConfig("hook", new ConfiguredUrl(Receiver.Url, null), "WEBHOOK_KEY"));

        var result = await channel.SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.True(result.Permanent);
        Assert.Equal("secret WEBHOOK_KEY is not set: set it with `errand secret set WEBHOOK_KEY`, then `errand notify retry`", result.Error);
        Assert.Empty(Receiver.Requests);
    }

    [Fact]
    public async Task Send_ReceiverEchoesSecretUrl_ErrorRedacted()
    {
        var secretUrl = new Uri(Receiver.Url, "/hook?token=tok-9f8e7d6c5b4a");
        Receiver.Respond = (_, _) => Task.FromResult(404);
        Receiver.RefusalBody = http => $"no route for {http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}";
        var secrets = new MemorySecrets(new() { ["KEY"] = Key, ["HOOK_URL"] = secretUrl.AbsoluteUri });
        var channel = new ChannelFactory(Http, secrets, _time).Create(new WebhookChannelConfig("hook", new ConfiguredUrl(null, "HOOK_URL"), "KEY"));

        var result = await channel.SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.Equal("HTTP 404 Not Found: no route for [redacted:HOOK_URL]", result.Error);
        Assert.Equal("/hook?token=tok-9f8e7d6c5b4a", Assert.Single(Receiver.Requests).Path);
    }

    [Fact]
    public async Task Send_UrlSecretNotAUrl_PermanentFailureWithoutTheValue()
    {
        var secrets = new MemorySecrets(new() { ["KEY"] = Key, ["HOOK_URL"] = "not a url but a secret" });
        var channel = new ChannelFactory(Http, secrets, _time).Create(new WebhookChannelConfig("hook", new ConfiguredUrl(null, "HOOK_URL"), "KEY"));

        var result = await channel.SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.True(result.Permanent);
        Assert.Equal("secret HOOK_URL does not hold an http or https URL", result.Error);
    }

    private static string Expected(long timestamp, byte[] body)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Key));
        var data = System.Text.Encoding.UTF8.GetBytes($"{timestamp}.").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(data));
    }

    private INotificationChannel Channel(Uri? url = null) =>
        new ChannelFactory(Http, new MemorySecrets(new() { ["WEBHOOK_KEY"] = Key }), _time)
            .Create(new WebhookChannelConfig("hook", new ConfiguredUrl(url ?? Receiver.Url, null), "WEBHOOK_KEY"));
}
