using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Tokens;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand token create|ls|revoke</c>: bearer tokens for the API, kept in the store as hashes only.</summary>
internal static class TokenCommand
{
    public static Command Create(GlobalOptions global) => new("token", "Manage API tokens (errand serve): created once, stored hashed")
    {
        CreateCommand(global),
        ListCommand(global),
        RevokeCommand(global),
    };

    private static Command CreateCommand(GlobalOptions global)
    {
        var name = new Option<string>("--name") { Description = "A unique name (who or what uses it)", Required = true };
        var scope = new Option<string>("--scope") { Description = $"What it may do: {TokenScopes.Expected} (admin implies all)", Required = true };
        var json = GlobalOptions.Json();
        var command = new Command("create", "Create a token and print it once; it cannot be shown again") { name, scope, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var tokenName = parse.GetValue(name)!;
            if (!ApiTokens.IsValidName(tokenName) || !TokenScopes.TryParse(parse.GetValue(scope), out _))
            {
                await Console.Error.WriteLineAsync($"errand: --name: {ApiTokens.NameRule}; --scope: {TokenScopes.Expected}");
                return ExitCodes.InvalidInput;
            }

            var (row, token) = await backend.CreateTokenAsync(tokenName, parse.GetValue(scope)!, ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(new { name = row.Name, scope = row.Scope, token });
            }
            else
            {
                Console.WriteLine(token);
                await Console.Error.WriteLineAsync($"token '{row.Name}' ({row.Scope}) created; it is shown only this once");
            }

            return ExitCodes.Ok;
        }, ct, explicitOnly: true));
        return command;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List tokens: names, scopes, dates (never the tokens)") { json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var tokens = await backend.ListTokensAsync(ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(tokens);
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("name").AddColumn("scope").AddColumn("created").AddColumn("revoked");
            foreach (var token in tokens)
            {
                table.AddRow(Markup.Escape(token.Name), Markup.Escape(token.Scope), Time(token.CreatedAt), token.RevokedAt is { } at ? Time(at) : "");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct, explicitOnly: true));
        return command;
    }

    private static Command RevokeCommand(GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "The token's name" };
        var command = new Command("revoke", "Revoke a token: refused from now on") { name };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            await backend.RevokeTokenAsync(parse.GetValue(name)!, ct);
            Console.WriteLine($"token '{parse.GetValue(name)}' revoked");
            return ExitCodes.Ok;
        }, ct, explicitOnly: true));
        return command;
    }

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
