using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Engine.Secrets;
using Errand.Secrets;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand secret set|ls|rm</c>: secrets injected into sandboxes by name and redacted from everything Errand writes.
/// set and rm work only where the secrets are kept (no value crosses the API); ls also lists a server's, by name and times.
/// </summary>
internal static class SecretCommand
{
    public static Command Create(GlobalOptions global) => new("secret", "Manage secrets: encrypted at rest, injected into tasks as environment variables, redacted from all output")
    {
        Set(global),
        List(global),
        Remove(global),
    };

    private static Command Set(GlobalOptions global)
    {
        var name = NameArgument();
        var value = new Option<string?>("--value")
        {
            Description = "The value. Leave it out to read the value from standard input (or a hidden prompt), which keeps it out of shell history and `ps`",
        };
        var command = new Command("set", "Set a secret; without --value it is read from standard input so it stays out of shell history") { name, value };
        command.SetAction(async (parse, ct) =>
        {
            if (await CommandSupport.RefusedServerAsync(parse, global) is { } refused)
            {
                return refused;
            }

            var secretName = parse.GetValue(name)!;
            if (!SecretName.IsValid(secretName))
            {
                return await InvalidNameAsync(secretName);
            }

            // Refused before the value is read: a secret of this name would override what the sandbox sets.
            if (SecretName.ReservedReason(secretName) is { } reserved)
            {
                await Console.Error.WriteLineAsync($"errand: '{secretName}' cannot be a secret's name: {reserved}; choose another name");
                return ExitCodes.InvalidInput;
            }

            var secret = parse.GetValue(value) ?? await ReadValueAsync(secretName, ct);
            if (string.IsNullOrEmpty(secret))
            {
                await Console.Error.WriteLineAsync("errand: the secret's value is empty");
                return ExitCodes.InvalidInput;
            }

            return await WithStoreAsync(parse, global, async store =>
            {
                await store.SetAsync(secretName, secret, ct);
                if (secret.Length < SecretRedactor.MinimumLength)
                {
                    await Console.Error.WriteLineAsync(
                        $"errand: warning: {secretName} is shorter than {SecretRedactor.MinimumLength} characters and will not be redacted from output");
                }

                Console.WriteLine($"{secretName} set");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List secrets by name with when they were set; never their values (with --server, the server's)") { json };
        command.SetAction((parse, ct) => parse.GetValue(global.Server) is { Length: > 0 }
            // Only an explicit --server, as for set and rm: ERRAND_SERVER must not make ls show other secrets than set just set.
            ? CommandSupport.WithBackendAsync(parse, global, async backend => Print(await backend.ListSecretsAsync(ct), parse.GetValue(json)), ct, explicitOnly: true)
            : WithStoreAsync(parse, global, async store => Print(await store.ListAsync(ct), parse.GetValue(json))));
        return command;
    }

    private static int Print(IReadOnlyList<SecretInfo> secrets, bool json)
    {
        if (json)
        {
            CommandSupport.PrintJson(secrets);
            return ExitCodes.Ok;
        }

        if (secrets.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]no secrets[/]");
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("name").AddColumn("created").AddColumn("updated");
        foreach (var secret in secrets)
        {
            table.AddRow(
                Markup.Escape(secret.Name),
                secret.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                secret.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Remove(GlobalOptions global)
    {
        var name = NameArgument();
        var command = new Command("rm", "Remove a secret") { name };
        command.SetAction(async (parse, ct) =>
        {
            var secretName = parse.GetValue(name)!;
            if (!SecretName.IsValid(secretName))
            {
                return await InvalidNameAsync(secretName);
            }

            return await WithStoreAsync(parse, global, async store =>
            {
                if (!await store.RemoveAsync(secretName, ct))
                {
                    await Console.Error.WriteLineAsync($"errand: no secret {secretName}");
                    return ExitCodes.NotFound;
                }

                Console.WriteLine($"{secretName} removed");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The secret's name, an environment-variable name such as NUGET_TOKEN" };

    private static async Task<int> WithStoreAsync(ParseResult parse, GlobalOptions global, Func<SecretStore, Task<int>> body)
    {
        // Secrets are kept encrypted in the data directory of the host that runs the tasks; no API sets or reads a value.
        if (await CommandSupport.RefusedServerAsync(parse, global) is { } refused)
        {
            return refused;
        }

        var store = new SecretStore(DataDirectory.Resolve(parse.GetValue(global.DataDir)));
        try
        {
            return await body(store);
        }
        catch (SecretStoreException e)
        {
            await Console.Error.WriteLineAsync($"errand: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    private static async Task<int> InvalidNameAsync(string name)
    {
        await Console.Error.WriteLineAsync(
            $"errand: '{name}' is not a valid secret name: use an environment-variable name (A-Z, 0-9 and _, not starting with a digit)");
        return ExitCodes.InvalidInput;
    }

    private static async Task<string> ReadValueAsync(string name, CancellationToken cancellationToken)
    {
        if (!Console.IsInputRedirected)
        {
            return AnsiConsole.Prompt(new TextPrompt<string>($"Value for {Markup.Escape(name)}:").Secret());
        }

        var text = await Console.In.ReadToEndAsync(cancellationToken);
        // `echo value | errand secret set` adds one newline that is not part of the value; anything else is kept.
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
            : text.EndsWith('\n') ? text[..^1]
            : text;
    }
}
