using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands.Notify;

/// <summary><c>errand notify retry ID | --all-failed</c>: make failed notifications due now (attempts and last error kept).</summary>
internal static class NotifyRetryCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<long?>("id") { Description = "The notification's id (from `errand notify ls`)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all-failed") { Description = "Every notification given up or waiting to try again" };
        var command = new Command("retry", "Send failed notifications again now; a worker (or errand run) delivers them") { id, all };
        command.SetAction(async (parse, ct) =>
        {
            var one = parse.GetValue(id);
            var everyFailed = parse.GetValue(all);
            if (one is null == !everyFailed)
            {
                await Console.Error.WriteLineAsync("errand notify retry: give a notification id or --all-failed (not both)");
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithBackendAsync(parse, global, async backend =>
            {
                if (one is { } notification)
                {
                    await backend.RetryNotificationAsync(notification, ct);
                    Console.WriteLine($"notification {notification} is due again");
                    return ExitCodes.Ok;
                }

                var count = await backend.RetryFailedNotificationsAsync(ct);
                Console.WriteLine(count == 1 ? "1 notification is due again" : $"{count} notifications are due again");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
