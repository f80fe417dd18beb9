using System.CommandLine;
using Errand.Cli.Commands.Notify;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand notify …</c>: the notification outbox (what was sent, what failed) and the configured channels.</summary>
internal static class NotifyCommand
{
    public static Command Create(GlobalOptions global) => new("notify", "Notifications: list deliveries, retry failed ones, test a channel")
    {
        NotifyListCommand.Create(global),
        NotifyRetryCommand.Create(global),
        NotifyTestCommand.Create(global),
    };
}
