using System.Diagnostics;
using Errand.Sandboxing;
using Errand.Telemetry;

namespace Errand.Engine.Telemetry;

/// <summary>
/// A sandbox whose commands each get an <c>errand.command</c> span (backend, exit code, time), whoever runs them: the
/// agent's tools, verify checks, setup steps. The command line is not recorded: it may quote what a secret became.
/// </summary>
internal sealed class TracedSandbox(ISandbox inner) : ISandbox
{
    public string Backend => inner.Backend;

    public IReadOnlyList<string> Warnings => inner.Warnings;

    public static ISandbox Wrap(ISandbox sandbox) => sandbox is TracedSandbox ? sandbox : new TracedSandbox(sandbox);

    public async Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken)
    {
        using var span = ErrandTelemetry.Source.StartActivity(SpanNames.Command);
        span?.SetTag(SpanAttributes.Sandbox, inner.Backend);
        try
        {
            var result = await inner.RunAsync(command, onOutput, cancellationToken);
            if (span is not null)
            {
                span.SetTag(SpanAttributes.ExitCode, result.ExitCode);
                if (result.TimedOut || result.ExitCode != 0)
                {
                    span.SetStatus(ActivityStatusCode.Error, result.TimedOut ? "timed out" : "non-zero exit code");
                }
            }

            return result;
        }
        catch (Exception) when (Spans.Failed(span))
        {
            throw;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
