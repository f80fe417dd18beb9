using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Engine.Secrets;

namespace Errand.Cli.Tests.Commands;

public sealed class SecretCommandTests : IDisposable
{
    private const string Value = "tok-3xTr3mely/Secret+Value";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("errand-secret-cli-").FullName;

    private string DataDir => Path.Combine(_root, "data");

    private string KeyFile => Path.Combine(_root, "keys", "secret.key");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SetFromStdin_ThenLsAndRm_NeverPrintsTheValue()
    {
        var output = new List<string>();

        await using (var set = Start("secret", "set", "API_TOKEN"))
        {
            await set.WriteInputAndCloseAsync(Value + "\n");
            Assert.Equal(0, await set.WaitForExitAsync(Timeout));
            output.Add(set.Output);
        }

        var (code, all) = await RunAsync("secret", "set", "OTHER_TOKEN", "--value", "other-value");
        Assert.Equal(0, code);
        output.Add(all);

        (code, var json) = await RunAsync("secret", "ls", "--json");
        Assert.Equal(0, code);
        output.Add(json);
        var names = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["API_TOKEN", "OTHER_TOKEN"], names);

        (code, all) = await RunAsync("secret", "ls");
        Assert.Equal(0, code);
        Assert.Contains("API_TOKEN", all, StringComparison.Ordinal);
        output.Add(all);

        (code, all) = await RunAsync("secret", "rm", "OTHER_TOKEN");
        Assert.Equal(0, code);
        (code, all) = await RunAsync("secret", "rm", "OTHER_TOKEN");
        Assert.Equal(3, code);

        Assert.True(File.Exists(KeyFile));
        // The newline `echo` or a heredoc adds is not part of the value.
        var stored = await new SecretStore(DataDir, new SecretStoreOptions { KeyFile = KeyFile }).GetAsync(["API_TOKEN"]);
        Assert.Equal(Value, stored["API_TOKEN"]);
        Assert.DoesNotContain(Value, string.Join('\n', output), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, await File.ReadAllTextAsync(Path.Combine(DataDir, "secrets.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HOME", "set by the sandbox itself")]
    [InlineData("HTTPS_PROXY", "set by the sandbox itself")]
    [InlineData("LD_PRELOAD", "dynamic loader")]
    public async Task Set_ReservedName_IsRefusedSayingWhy_ExitTwo(string name, string why)
    {
        var (code, all) = await RunAsync("secret", "set", name, "--value", "some-value-1234");

        Assert.Equal(2, code);
        Assert.Contains($"'{name}' cannot be a secret's name", all, StringComparison.Ordinal);
        Assert.Contains(why, all, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDir, "secrets.json")));
    }

    [Fact]
    public async Task Set_FromSeveralProcessesAtOnce_KeepsEveryWrite()
    {
        var processes = Enumerable.Range(0, 6).Select(i => Start("secret", "set", $"S_{i}", "--value", $"value-number-{i}")).ToList();
        try
        {
            foreach (var process in processes)
            {
                Assert.Equal(0, await process.WaitForExitAsync(Timeout));
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }

        var stored = await new SecretStore(DataDir, new SecretStoreOptions { KeyFile = KeyFile }).GetAsync(Enumerable.Range(0, 6).Select(i => $"S_{i}"));
        Assert.Equal("value-number-5", stored["S_5"]);
    }

    [Theory]
    [InlineData("lower_case")]
    [InlineData("1ABC")]
    public async Task Set_InvalidName_ExitsTwo(string name)
    {
        var (code, all) = await RunAsync("secret", "set", name, "--value", "whatever");

        Assert.Equal(2, code);
        Assert.Contains("not a valid secret name", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_SaysStdinKeepsValueOutOfHistory()
    {
        var (_, all) = await RunAsync("secret", "set", "--help");

        Assert.Contains("shell history", all, StringComparison.Ordinal);
    }

    private ErrandProcess Start(params string[] args) =>
        ErrandProcess.Start(DataDir, _root, new Dictionary<string, string> { ["ERRAND_SECRET_KEY_FILE"] = KeyFile }, args);

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        await using var process = Start(args);
        var code = await process.WaitForExitAsync(Timeout);
        return (code, args.Contains("--json") ? process.Stdout : process.Output);
    }
}
