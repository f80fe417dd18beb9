using Errand.Notifications.Configuration;
using Errand.Notifications.Routing;

namespace Errand.Notifications.Tests.Routing;

public sealed class NotificationRoutesTests
{
    private static readonly NotificationRoutes Routes = new(ConfigFile.Parse("""
        notify:
          default: [audit, team]
          channels:
            audit: {type: webhook, url: "https://a.example", secret: K}
            team: {type: slack, url_secret: S, events: [failed, needs_input]}
            phone: {type: ntfy, url: "https://n.example/t", events: [needs_input]}
        """, "config.yaml").Notify);

    [Theory]
    [InlineData(new string[0], "succeeded", new[] { "audit" })]
    [InlineData(new string[0], "failed", new[] { "audit", "team" })]
    [InlineData(new[] { "phone" }, "needs_input", new[] { "phone", "audit", "team" })]
    [InlineData(new[] { "phone" }, "succeeded", new[] { "audit" })]
    [InlineData(new[] { "team", "audit" }, "failed", new[] { "team", "audit" })]
    [InlineData(new[] { "pager" }, "succeeded", new[] { "pager", "audit" })]
    public void ChannelsFor_SpecAndDefaults_FilteredByEvents(string[] spec, string notificationEvent, string[] expected)
    {
        Assert.Equal(expected, Routes.ChannelsFor(spec, notificationEvent));
    }
}
