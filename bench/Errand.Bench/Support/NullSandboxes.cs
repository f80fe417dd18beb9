using Errand.Sandboxing;

namespace Errand.Bench.Support;

/// <summary>A sandbox backend that runs nothing, for the engine-overhead scenario (its agent runs no commands).</summary>
internal sealed class NullSandboxes : ISandboxProvider, ISandbox
{
    public string Backend => "null";

    public IReadOnlyList<string> Warnings => [];

    public Task<ISandbox> CreateAsync(SandboxRequest request, CancellationToken cancellationToken) => Task.FromResult<ISandbox>(this);

    public Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the null sandbox runs nothing");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
