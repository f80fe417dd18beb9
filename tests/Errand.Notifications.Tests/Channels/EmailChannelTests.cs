using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Tests.Support;
using MimeKit;

namespace Errand.Notifications.Tests.Channels;

public sealed class EmailChannelTests : IAsyncLifetime
{
    private const string Password = "smtp-pass-7c1e9a";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private LoopbackSmtpServer _smtp = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _smtp = await LoopbackSmtpServer.StartAsync("errand", Password);

    public async ValueTask DisposeAsync() => await _smtp.DisposeAsync();

    [Fact]
    public async Task Send_Succeeded_TextAndHtmlPartsSubjectAndMessageId()
    {
        var result = await Channel().SendAsync(Payloads.Of(Payloads.Succeeded(), "task-42/succeeded/7/mail"), Ct);

        Assert.True(result.Delivered, result.Error);
        var (message, recipients) = await _smtp.NextAsync(Patience);
        Assert.Equal(["me@example.com", "ops@example.com"], recipients);
        Assert.Equal(("errand", Password), Assert.Single(_smtp.Logins));
        Assert.Equal("[errand] ✔ succeeded: Fix the login bug", message.Subject);
        Assert.Equal("task-42/succeeded/7/mail@errand", message.MessageId);
        Assert.Equal("task-42/succeeded/7/mail", message.Headers["X-Errand-Delivery"]);
        Assert.Equal("errand@example.com", ((MailboxAddress)message.From.Single()).Address);
        Assert.Equal(Payloads.At, message.Date);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(
            "Task #42 succeeded: Fix the login bug\n\nSummary: Fixed the null check in LoginController\nState: succeeded\n"
            + "Branch: errand/42-fix-login\nCost: $0.42\nLink: https://errand.example.com/tasks/42\n",
            message.TextBody!.ReplaceLineEndings("\n"));
        var html = message.HtmlBody;
        Assert.Contains("<h2>✔ Task #42 succeeded: <a href=\"https://errand.example.com/tasks/42\">Fix the login bug</a></h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th align=\"left\" valign=\"top\">Branch</th><td>errand/42-fix-login</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th align=\"left\" valign=\"top\">Cost</th><td>$0.42</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NeedsInput_QuestionInBothPartsHtmlEscaped()
    {
        var payload = Payloads.NeedsInput() with { Title = "Upgrade <ORM> & co" };

        await Channel().SendAsync(Payloads.Of(payload, "task-42/needs_input/3/mail"), Ct);

        var (message, _) = await _smtp.NextAsync(Patience);
        Assert.Equal("[errand] ? needs your input: Upgrade <ORM> & co", message.Subject);
        Assert.Contains("Question: Drop the legacy tables?\nOptions: yes, no, later\nDefault: no\n", message.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Answer with: errand answer 42 <choice>", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p><strong>Question:</strong> Drop the legacy tables?</p>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<code>errand answer 42 &lt;choice&gt;</code>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Upgrade &lt;ORM&gt; &amp; co", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<ORM>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WrongPassword_FailedWithoutThePassword()
    {
        var result = await Channel(password: "wrong-password-123").SendAsync(Payloads.Of(Payloads.Succeeded()), Ct);

        Assert.False(result.Delivered);
        Assert.False(result.Permanent);
        Assert.DoesNotContain("wrong-password-123", result.Error, StringComparison.Ordinal);
        Assert.Contains("authentication", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    private INotificationChannel Channel(string password = Password) =>
        new ChannelFactory(ChannelFactory.CreateHttpClient(), new MemorySecrets(new() { ["SMTP_PASSWORD"] = password }), TimeProvider.System)
            .Create(new EmailChannelConfig("mail", "127.0.0.1", _smtp.Port, SmtpSecurity.None, "errand@example.com", ["me@example.com", "ops@example.com"])
            {
                User = "errand",
                PasswordSecret = "SMTP_PASSWORD",
            });
}
