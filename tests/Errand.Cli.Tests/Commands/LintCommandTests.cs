using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

public sealed class LintCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Lint_SeveralBadFiles_ExitsTwoAndNamesFileLineAndFieldForEach()
    {
        using var repo = new TempGitRepo();
        var typo = repo.WriteSpec("typo.md", "tilte: Oops\nagent: command\ncommand: true");
        var junk = Path.Combine(repo.Root, "junk.md");
        await File.WriteAllBytesAsync(junk, [0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0xfe, 0x01]);
        var protect = repo.WriteSpec("protect.md", "title: Protect nothing\nagent: command\ncommand: true\nverify: [true]\nprotect: [no-such-dir/**]\nbudget: { time: 1m }");
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "lint", typo, junk, protect);

        Assert.Equal(2, code);
        Assert.Contains("typo.md:3:1: error E011 [tilte]: unknown field 'tilte' — did you mean 'title'?", output, StringComparison.Ordinal);
        Assert.Contains("junk.md:2:1: error E003", output, StringComparison.Ordinal);
        Assert.Contains("protect.md:7:", output, StringComparison.Ordinal);
        Assert.Contains("W008", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_Json_ListsDiagnosticsWithFields()
    {
        using var repo = new TempGitRepo();
        var spec = repo.WriteSpec("neg.md", "title: Negative\nagent: command\ncommand: true\nbudget: { cost: -1 }");

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "lint", spec, "--json");

        Assert.Equal(2, code);
        var error = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal("budget.cost", error.GetProperty("field").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
    }
}
