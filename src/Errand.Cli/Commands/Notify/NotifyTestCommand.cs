using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands.Notify;

/// <summary>
/// <c>errand notify test CHANNEL</c>: send a test notification through the configured channel now; the exit code says
/// whether it arrived. With <c>--server</c>, through the server's channel (<c>POST /api/notifications/test</c>, admin).
/// </summary>
internal static class NotifyTestCommand
{
    public static Command Create(GlobalOptions global)
    {
        var channel = new Argument<string>("channel") { Description = "A channel's name in config.yaml (notify.channels)" };
        var command = new Command("test", "Send a test notification through a configured channel now (exit 0 when it was accepted)") { channel };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var result = await backend.TestNotificationAsync(parse.GetValue(channel)!, ct);
            if (result.Delivered)
            {
                Console.WriteLine($"{result.Channel} ({result.Type}): delivered in {result.ElapsedMs} ms (delivery id {result.DeliveryId})");
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"errand: {result.Channel} ({result.Type}): not delivered: {result.Error}");
            return ExitCodes.TaskFailed;
        }, ct));
        return command;
    }
}
