using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Errand.Cli.Backends;
using Errand.Json;

namespace Errand.Cli.Hosting;

/// <summary>Shared plumbing for command actions.</summary>
internal static class CommandSupport
{
    public static Argument<long> TaskIdArgument() => new("id") { Description = "The task id" };

    public static async Task<int> WithHostAsync(
        ParseResult parse, GlobalOptions global, Func<ErrandHost, Task<int>> body, CancellationToken cancellationToken)
    {
        if (await RefusedServerAsync(parse, global) is { } refused)
        {
            return refused;
        }

        var dataDir = DataDirectory.Resolve(parse.GetValue(global.DataDir));
        var store = StoreLocation.Resolve(parse.GetValue(global.Store));
        if (StoreLocation.Problem(store) is { } problem)
        {
            await Console.Error.WriteLineAsync("errand: " + problem);
            return ExitCodes.InvalidInput;
        }

        await using var host = await ErrandHost.OpenAsync(dataDir, store, parse.GetValue(global.Verbose), cancellationToken);
        return await body(host);
    }

    /// <summary>
    /// Refuses an explicit <c>--server</c> on a command that only works where the store is (exit 2, saying so); null when
    /// none was given. <c>ERRAND_SERVER</c> in the environment is left alone: serve, worker and the rest must still work
    /// on the server's own host.
    /// </summary>
    public static async Task<int?> RefusedServerAsync(ParseResult parse, GlobalOptions global)
    {
        if (parse.GetValue(global.Server) is not { Length: > 0 } server)
        {
            return null;
        }

        var command = parse.CommandResult;
        var name = command.Parent is CommandResult { Command: not RootCommand } parent ? $"{parent.Command.Name} {command.Command.Name}" : command.Command.Name;
        await Console.Error.WriteLineAsync($"errand {name}: not available against a server ({server}); run it where the store is, without --server");
        return ExitCodes.InvalidInput;
    }

    /// <summary>
    /// Runs <paramref name="body"/> against the server <c>--server</c> or <c>ERRAND_SERVER</c> names (with <c>--token</c>
    /// or <c>ERRAND_TOKEN</c>), else against the local store; a <see cref="BackendException"/> is reported with its exit code.
    /// </summary>
    /// <remarks>
    /// With <paramref name="explicitOnly"/> only an explicit <c>--server</c> counts, not <c>ERRAND_SERVER</c> (token
    /// commands: the first admin token is made on the server's host, where ERRAND_SERVER may well be set).
    /// </remarks>
    public static async Task<int> WithBackendAsync(
        ParseResult parse, GlobalOptions global, Func<IErrandBackend, Task<int>> body, CancellationToken cancellationToken, bool explicitOnly = false)
    {
        IErrandBackend backend;
        if ((explicitOnly ? parse.GetValue(global.Server) is { Length: > 0 } given ? given : null : ServerOf(parse, global)) is { } server)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"errand: --server '{server}' is not an http:// or https:// URL");
                return ExitCodes.InvalidInput;
            }

            backend = new RemoteBackend(url, parse.GetValue(global.Token) ?? Environment.GetEnvironmentVariable("ERRAND_TOKEN"));
        }
        else
        {
            var dataDir = DataDirectory.Resolve(parse.GetValue(global.DataDir));
            var store = StoreLocation.Resolve(parse.GetValue(global.Store));
            if (StoreLocation.Problem(store) is { } problem)
            {
                await Console.Error.WriteLineAsync("errand: " + problem);
                return ExitCodes.InvalidInput;
            }

            backend = new LocalBackend(await ErrandHost.OpenAsync(dataDir, store, parse.GetValue(global.Verbose), cancellationToken));
        }

        await using (backend)
        {
            try
            {
                return await body(backend);
            }
            catch (BackendException ex)
            {
                await Console.Error.WriteLineAsync("errand: " + ex.Message);
                return ex.ExitCode;
            }
        }
    }

    /// <summary>The server <c>--server</c> or <c>ERRAND_SERVER</c> names, or null for the local store.</summary>
    public static string? ServerOf(ParseResult parse, GlobalOptions global) =>
        parse.GetValue(global.Server) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("ERRAND_SERVER") is { Length: > 0 } set ? set
        : null;

    public static void PrintJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ErrandJson.Indented));

    public static void PrintJsonLine<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ErrandJson.Options));
}
