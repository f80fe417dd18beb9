using System.Text;
using Errand.Cli.Tests.Support;
using Errand.Observability.Tests;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Telemetry;

/// <summary>
/// <c>errand run</c> exporting over OTLP to a collector on loopback, configured by the standard variables alone: the
/// task's trace and counters arrive before the command exits, and a planted secret is in none of them.
/// </summary>
public sealed class RunTelemetryTests : IDisposable
{
    private const string Name = "PLANTED_TOKEN";
    private const string Value = "pl4nted-0tlp/s3cret+v4lue=9";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TempGitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Run_OtlpEndpointInEnvironment_ExportsTaskTraceAndCountersWithoutTheSecret()
    {
        await using var collector = await FakeCollector.StartAsync();
        _repo.WriteFile("README.md", "a repository\n");
        _repo.Commit("initial");
        var spec = _repo.WriteSpec("task.md", """
            title: Print the planted secret
            agent: command
            command: |
              echo "raw: $PLANTED_TOKEN"
              echo done > done.txt
            verify:
              - name: check
                run: echo "the check saw $PLANTED_TOKEN"
            secrets: [PLANTED_TOKEN]
            sandbox: { backend: none }
            """);
        var environment = new Dictionary<string, string>
        {
            ["ERRAND_SECRET_KEY_FILE"] = Path.Combine(_repo.Root, "keys", "secret.key"),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "errand-run-test",
        };
        await using (var set = ErrandProcess.Start(_repo.DataDir, _repo.Root, environment, "secret", "set", Name, "--data-dir", _repo.DataDir))
        {
            await set.WriteInputAndCloseAsync(Value + "\n");
            Assert.Equal(0, await set.WaitForExitAsync(Timeout));
        }

        await using var run = ErrandProcess.Start(_repo.DataDir, _repo.Root, environment, "run", spec, "--data-dir", _repo.DataDir);
        Assert.True(await run.WaitForExitAsync(Timeout) == 0, run.Output);

        var traces = Encoding.UTF8.GetString(collector.Received("/v1/traces"));
        foreach (var span in (string[])["errand.task", "errand.prepare", "errand.agent", "errand.verify", "errand.check", "errand.command", "errand.deliver"])
        {
            Assert.Contains(span, traces, StringComparison.Ordinal);
        }

        Assert.Contains("errand-run-test", traces, StringComparison.Ordinal);
        var metrics = Encoding.UTF8.GetString(collector.Received("/v1/metrics"));
        Assert.Contains("errand.tasks.transitions", metrics, StringComparison.Ordinal);
        Assert.Contains("succeeded", metrics, StringComparison.Ordinal);
        Assert.Empty(SecretTrace.FindIn(traces, Value, "the exported spans").Concat(SecretTrace.FindIn(metrics, Value, "the exported metrics")));
    }
}
