using Errand.Notifications.Configuration;

namespace Errand.Notifications.Tests.Configuration;

public sealed class ConfigFileTests
{
    private const string Full = """
        notify:
          public_url: https://errand.example.com
          default: [team-slack]
          stuck_after: 15m
          delivery:
            max_attempts: 5
            first_retry: 30s
            max_retry: 2h
            timeout: 10s
            parallelism: 2
          channels:
            hook:
              type: webhook
              url: https://hooks.example.com/errand
              secret: WEBHOOK_KEY
              events: [succeeded, failed]
            team-slack:
              type: slack
              url_secret: SLACK_URL
            phone:
              type: ntfy
              url_secret: NTFY_TOPIC_URL
              token_secret: NTFY_TOKEN
              priority: {succeeded: low, stuck: urgent}
              tags: [robot]
            mail:
              type: email
              host: smtp.example.com
              security: ssl
              user: errand
              password_secret: SMTP_PASSWORD
              from: errand@example.com
              to: [me@example.com, you@example.com]
        """;

    [Fact]
    public void Parse_EveryChannelType_Bound()
    {
        var notify = ConfigFile.Parse(Full, "config.yaml").Notify;

        Assert.Equal(new Uri("https://errand.example.com"), notify.PublicUrl);
        Assert.Equal(["team-slack"], notify.Default);
        Assert.Equal(TimeSpan.FromMinutes(15), notify.StuckAfter);
        Assert.Equal(new DeliveryOptions { MaxAttempts = 5, FirstRetry = TimeSpan.FromSeconds(30), MaxRetry = TimeSpan.FromHours(2), Timeout = TimeSpan.FromSeconds(10), Parallelism = 2 }, notify.Delivery);
        var hook = Assert.IsType<WebhookChannelConfig>(notify.Channels["hook"]);
        Assert.Equal(new ConfiguredUrl(new Uri("https://hooks.example.com/errand"), null), hook.Url);
        Assert.Equal("WEBHOOK_KEY", hook.KeySecret);
        Assert.Equal(["failed", "succeeded"], hook.Events.Order());
        var slack = Assert.IsType<SlackChannelConfig>(notify.Channels["team-slack"]);
        Assert.Equal("SLACK_URL", slack.UrlSecret);
        Assert.Equal(NotificationEvents.All.Order(), slack.Events.Order());
        var ntfy = Assert.IsType<NtfyChannelConfig>(notify.Channels["phone"]);
        Assert.Equal(new ConfiguredUrl(null, "NTFY_TOPIC_URL"), ntfy.Url);
        Assert.Equal("NTFY_TOKEN", ntfy.TokenSecret);
        Assert.Equal("low", ntfy.Priorities["succeeded"]);
        Assert.Equal("urgent", ntfy.Priorities["stuck"]);
        Assert.Equal(["robot"], ntfy.Tags);
        var mail = Assert.IsType<EmailChannelConfig>(notify.Channels["mail"]);
        Assert.Equal(("smtp.example.com", 465, SmtpSecurity.Ssl, "errand", "SMTP_PASSWORD"), (mail.Host, mail.Port, mail.Security, mail.User, mail.PasswordSecret));
        Assert.Equal(["me@example.com", "you@example.com"], mail.To);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("notify:\n")]
    public void Parse_NothingConfigured_Defaults(string yaml)
    {
        var notify = ConfigFile.Parse(yaml, "config.yaml").Notify;

        Assert.Empty(notify.Channels);
        Assert.Equal(NotifyConfig.DefaultStuckAfter, notify.StuckAfter);
        Assert.Null(notify.PublicUrl);
    }

    [Theory]
    [InlineData("/srv/shared.git", "/srv/shared.git")]
    [InlineData("shared.git", "/etc/errand/shared.git")]
    [InlineData("../git/shared.git", "/etc/git/shared.git")]
    [InlineData("ssh://git@git.internal/team/shared.git", "ssh://git@git.internal/team/shared.git")]
    [InlineData("git@git.internal:team/shared.git", "git@git.internal:team/shared.git")]
    public void Parse_WorkersGitRemote_PathTakenFromTheFilesFolderUrlAsWritten(string written, string expected)
    {
        var config = ConfigFile.Parse($"workers:\n  git_remote: {written}\n", "/etc/errand/config.yaml");

        Assert.Equal(expected, config.Workers.GitRemote);
    }

    [Fact]
    public void Parse_Telemetry_Bound()
    {
        var config = ConfigFile.Parse("telemetry:\n  otlp_endpoint: http://127.0.0.1:4318\n  otlp_protocol: http/protobuf\n  service_name: errand-ci\n", "config.yaml");

        Assert.Equal(new Uri("http://127.0.0.1:4318"), config.Telemetry.OtlpEndpoint);
        Assert.Equal("http/protobuf", config.Telemetry.OtlpProtocol);
        Assert.Equal("errand-ci", config.Telemetry.ServiceName);
    }

    [Fact]
    public void Load_MissingFile_Empty()
    {
        Assert.Same(ErrandConfig.Empty, ConfigFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"), "config.yaml")));
    }

    [Theory]
    [InlineData("notfy:\n  default: []", 1, 1, "notfy", "did you mean 'notify'")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhok\n      url: https://x.example\n      secret: K", 4, 13, "notify.channels.hook.type", "'webhok' is not a channel type — did you mean 'webhook'?")]
    [InlineData("notify:\n  channels:\n    hook:\n      url: https://x.example", 3, 5, "notify.channels.hook", "needs a type")]
    [InlineData("notify:\n  channels:\n    team:\n      type: slack\n      url: https://hooks.slack.example/T/B/x", 5, 7, "notify.channels.team.url", "url_secret")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: https://x.example\n      secret: \"s3cr3t value\"", 6, 15, "notify.channels.hook.secret", "is not a secret's name")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: https://x.example", 3, 5, "notify.channels.hook", "needs 'secret:'")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: ftp://x.example\n      secret: K", 5, 12, "notify.channels.hook.url", "not an http or https URL")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: https://x.example\n      url_secret: U\n      secret: K", 6, 19, "notify.channels.hook.url_secret", "not both")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: https://x.example\n      secret: K\n      events: [succeded]", 7, 15, "notify.channels.hook.events", "did you mean 'succeeded'")]
    [InlineData("notify:\n  channels:\n    hook:\n      type: webhook\n      url: https://x.example\n      secret: K\n      retries: 3", 7, 7, "notify.channels.hook.retries", "unknown field 'retries' for a webhook channel")]
    [InlineData("notify:\n  default: [slack]\n  channels: {}", 2, 12, "notify.default", "no channel named 'slack'")]
    [InlineData("notify:\n  stuck_after: 10", 2, 16, "notify.stuck_after", "needs a unit")]
    [InlineData("notify:\n  public_url: errand.example.com", 2, 15, "notify.public_url", "not an http or https URL")]
    [InlineData("telemetry:\n  otlp_endpoint: collector:4317", 2, 18, "telemetry.otlp_endpoint", "not an http or https URL")]
    [InlineData("telemetry:\n  otlp_protocol: http", 2, 18, "telemetry.otlp_protocol", "must be grpc or http/protobuf, not 'http'")]
    [InlineData("telemetry:\n  otlp_endpont: http://localhost:4317", 2, 3, "telemetry.otlp_endpont", "did you mean 'otlp_endpoint'")]
    [InlineData("notify:\n  delivery:\n    max_attempts: 0", 3, 19, "notify.delivery.max_attempts", "from 1 to 100")]
    [InlineData("notify:\n  channels:\n    mail:\n      type: email\n      host: h\n      from: a@example.com", 3, 5, "notify.channels.mail", "needs 'to:'")]
    [InlineData("workers:\n  git_remot: /srv/shared.git", 2, 3, "workers.git_remot", "did you mean 'git_remote'")]
    [InlineData("workers:\n  git_remote: [a, b]", 2, 15, "workers.git_remote", "a bare repository's path or a git URL")]
    [InlineData("workers: /srv/shared.git", 1, 10, "workers", "must be a mapping")]
    [InlineData("notify:\n  channels:\n    mail:\n      type: email\n      host: h\n      from: a@example.com\n      to: b@example.com\n      user: me", 3, 5, "notify.channels.mail", "needs 'password_secret:'")]
    [InlineData("notify:\n  channels:\n    mail:\n      type: email\n      host: h\n      port: 99999\n      from: a@example.com\n      to: b@example.com", 6, 13, "notify.channels.mail.port", "from 1 to 65535")]
    [InlineData("notify:\n  channels:\n    mail:\n      type: email\n      host: h\n      security: tls\n      from: a@example.com\n      to: b@example.com", 6, 17, "notify.channels.mail.security", "not an SMTP security mode")]
    [InlineData("notify:\n  channels:\n    phone:\n      type: ntfy\n      url: https://ntfy.example/t\n      priority: highest", 6, 17, "notify.channels.phone.priority", "did you mean 'high'")]
    [InlineData("notify:\n  channels:\n    \"my hook\":\n      type: webhook", 3, 5, "notify.channels.my hook", "cannot be a channel's name")]
    public void Parse_Mistake_NamesLineColumnAndField(string yaml, int line, int column, string field, string message)
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigFile.Parse(yaml, "config.yaml")).Errors);

        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"config.yaml:{line}:{column}: {field}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlSyntaxError_NamesTheLine()
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigFile.Parse("notify:\n  channels:\n    hook: [unclosed\n  default: x\n", "/etc/errand.yaml")).Errors);

        Assert.Equal("/etc/errand.yaml", error.File);
        Assert.InRange(error.Line, 3, 5);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralMistakes_AllReportedInFileOrder()
    {
        var errors = Assert.Throws<ConfigException>(() => ConfigFile.Parse(
            "notify:\n  stuck_after: soon\n  channels:\n    a:\n      type: pager\n    b:\n      type: slack\n", "config.yaml")).Errors;

        Assert.Equal([2, 5, 6], errors.Select(e => e.Line));
    }

    [Fact]
    public void Parse_DefaultNamesABrokenChannel_OnlyTheChannelReported()
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigFile.Parse(
            "notify:\n  default: [team]\n  channels:\n    team:\n      type: slak\n", "config.yaml")).Errors);

        Assert.Equal("notify.channels.team.type", error.Field);
    }

    [Fact]
    public void Resolve_EnvironmentVariable_WinsOverDataDirectory()
    {
        Assert.Equal("/data/config.yaml", ConfigFile.Resolve("/data", _ => null));
        Assert.Equal("/etc/errand/config.yaml", ConfigFile.Resolve("/data", n => n == "ERRAND_CONFIG" ? "/etc/errand/config.yaml" : null));
    }
}
