using System.CommandLine;
using System.Globalization;
using Errand.Application.Tokens;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var tokenName = parse.GetValue(name)!;
            if (!ApiTokens.IsValidName(tokenName) || !TokenScopes.TryParse(parse.GetValue(scope), out var parsed))
            {
                await Console.Error.WriteLineAsync($"errand: --name: {ApiTokens.NameRule}; --scope: {TokenScopes.Expected}");
                return ExitCodes.InvalidInput;
            }

            var created = await new TokenService(host.Store).CreateAsync(tokenName, parsed, ct);
            if (created is null)
            {
                await Console.Error.WriteLineAsync($"errand: a token named '{tokenName}' exists already");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(new { name = created.Record.Name, scope = created.Record.Scope.ToWireName(), token = created.Token });
            }
            else
            {
                Console.WriteLine(created.Token);
                await Console.Error.WriteLineAsync($"token '{created.Record.Name}' ({created.Record.Scope.ToWireName()}) created; it is shown only this once");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List tokens: names, scopes, dates (never the tokens)") { json };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var tokens = await new TokenService(host.Store).ListAsync(ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(tokens.Select(t => new { name = t.Name, scope = t.Scope.ToWireName(), created_at = t.CreatedAt, revoked_at = t.RevokedAt }).ToList());
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("name").AddColumn("scope").AddColumn("created").AddColumn("revoked");
            foreach (var token in tokens)
            {
                table.AddRow(Markup.Escape(token.Name), token.Scope.ToWireName(), Time(token.CreatedAt), token.RevokedAt is { } at ? Time(at) : "");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command RevokeCommand(GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "The token's name" };
        var command = new Command("revoke", "Revoke a token: refused from now on") { name };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            if (!await new TokenService(host.Store).RevokeAsync(parse.GetValue(name)!, ct))
            {
                await Console.Error.WriteLineAsync($"errand: no valid token named '{parse.GetValue(name)}'");
                return ExitCodes.NotFound;
            }

            Console.WriteLine($"token '{parse.GetValue(name)}' revoked");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
