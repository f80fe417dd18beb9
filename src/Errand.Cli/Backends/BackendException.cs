namespace Errand.Cli.Backends;

/// <summary>A refusal the command reports as <c>errand: MESSAGE</c> and exits with <see cref="ExitCode"/>.</summary>
/// <param name="exitCode">One of <see cref="Hosting.ExitCodes"/>.</param>
/// <param name="message">What went wrong, for people.</param>
internal sealed class BackendException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
