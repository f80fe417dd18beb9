using System.CommandLine;
using Errand.Cli.Commands;
using Errand.Cli.Hosting;
using Spectre.Console;

// Piped output is read by scripts and grep: never wrap a line at an imaginary 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = ConsoleWidth.Unwrapped;
}

var global = new GlobalOptions();
var root = new RootCommand("errand — run coding agents in the background, verified, durable and boxed in")
{
    global.DataDir,
    global.Store,
    global.Verbose,
    global.Server,
    global.Token,
    RunCommand.Create(global),
    SubmitCommand.Create(global),
    LsCommand.Create(global),
    ShowCommand.Create(global),
    LogsCommand.Create(global),
    WaitCommand.Create(global),
    CancelCommand.Create(global),
    RetryCommand.Create(global),
    ExtendCommand.Create(global),
    FollowupCommand.Create(global),
    InboxCommand.Create(global),
    AnswerCommand.Create(global),
    LintCommand.Create(global),
    WorkerCommand.Create(global),
    McpCommand.Create(global),
    NotifyCommand.Create(global),
    ScheduleCommand.Create(global),
    FleetCommand.Create(global),
    LimitsCommand.Create(global),
    SecretCommand.Create(global),
    ServeCommand.Create(global),
    TokenCommand.Create(global),
};

return await root.Parse(args).InvokeAsync();
