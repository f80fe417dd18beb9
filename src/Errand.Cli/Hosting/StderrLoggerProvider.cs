using Microsoft.Extensions.Logging;

namespace Errand.Cli.Hosting;

/// <summary>Writes warnings and errors (or everything, when verbose) to standard error, one line each.</summary>
internal sealed class StderrLoggerProvider(LogLevel minimum, TimeProvider time) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(minimum, time);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLevel minimum, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{time.GetUtcNow():HH:mm:ss.fff} {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}";
            if (exception is not null && logLevel >= LogLevel.Error)
            {
                line += Environment.NewLine + exception;
            }

            lock (Gate)
            {
                Console.Error.WriteLine(line);
            }
        }
    }
}
