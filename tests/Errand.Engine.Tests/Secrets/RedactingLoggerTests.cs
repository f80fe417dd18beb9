using Errand.Engine.Secrets;
using Errand.Secrets;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Tests.Secrets;

public sealed class RedactingLoggerTests
{
    private const string Value = "hunter2-but-longer/+=";
    private static readonly SecretRedactor Redactor = new(new Dictionary<string, string> { ["TOKEN"] = Value });

    [Theory]
    [InlineData(LogLevel.Warning)]
    [InlineData(LogLevel.Error)]
    public void Log_MessageAndExceptionQuoteTheSecret_ProviderSeesOnlyThePlaceholder(LogLevel level)
    {
        var sink = new SinkLogger();
        var logger = RedactingLogger.For(sink, Redactor);

        logger.Log(level, new InvalidOperationException($"command printed {Value}"), "Task {TaskId}: reason '{Reason}'", 7, $"saw {Value}");

        var (loggedLevel, text, exception) = Assert.Single(sink.Entries);
        Assert.Equal(level, loggedLevel);
        Assert.Null(exception);
        Assert.StartsWith("Task 7: reason 'saw [redacted:TOKEN]'", text, StringComparison.Ordinal);
        Assert.Contains("command printed [redacted:TOKEN]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_EmptyRedactor_ReturnsTheLoggerItself()
    {
        var sink = new SinkLogger();

        Assert.Same(sink, RedactingLogger.For(sink, SecretRedactor.Empty));
    }

    private sealed class SinkLogger : ILogger
    {
        public List<(LogLevel Level, string Text, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
