using Microsoft.Extensions.Logging;

namespace Errand.Engine.Tests.Support;

/// <summary>Every log line any logger of the factory writes, as a provider would print it: the message, then the exception.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly List<string> _lines = [];
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until a line matching <paramref name="match"/> is written.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task written;
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                written = _written.Task;
            }

            await written.WaitAsync(cts.Token);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        TaskCompletionSource written;
        lock (_lines)
        {
            _lines.Add(line);
            written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        written.SetResult();
    }

    private sealed class Logger(CapturingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
    }
}
