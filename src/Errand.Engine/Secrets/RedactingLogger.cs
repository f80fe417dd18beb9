using Errand.Secrets;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Secrets;

/// <summary>
/// A logger for what the pipeline says about one task: the message and any exception (whose text may quote a
/// command's output) pass through the task's redactor before any provider sees them.
/// </summary>
internal sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
{
    public static ILogger For(ILogger inner, SecretRedactor redactor) => redactor.IsEmpty ? inner : new RedactingLogger(inner, redactor);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        // The exception object cannot be handed on: every provider prints it its own way. Its text goes with the
        // message instead, redacted; the structured state is given up for the same reason.
        var message = redactor.Redact(formatter(state, exception));
        if (exception is not null)
        {
            var detail = logLevel >= LogLevel.Error ? exception.ToString() : $"{exception.GetType().Name}: {exception.Message}";
            message += Environment.NewLine + redactor.Redact(detail);
        }

        inner.Log(logLevel, eventId, message, null, static (text, _) => text);
    }
}
