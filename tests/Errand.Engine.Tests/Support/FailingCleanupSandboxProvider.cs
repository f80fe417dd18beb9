using Errand.Sandboxing;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// A real backend whose sandboxes, once disposed, throw an error quoting <paramref name="message"/>: stands in for a
/// clean-up that fails with a command's text in its message, which escapes the attempt to the worker.
/// </summary>
internal sealed class FailingCleanupSandboxProvider(ISandboxProvider inner, string message) : ISandboxProvider
{
    public string Backend => inner.Backend;

    public async Task<ISandbox> CreateAsync(SandboxRequest request, CancellationToken cancellationToken) =>
        new Sandbox(await inner.CreateAsync(request, cancellationToken), message);

    private sealed class Sandbox(ISandbox inner, string message) : ISandbox
    {
        public string Backend => inner.Backend;

        public IReadOnlyList<string> Warnings => inner.Warnings;

        public Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken) =>
            inner.RunAsync(command, onOutput, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            throw new IOException(message);
        }
    }
}
