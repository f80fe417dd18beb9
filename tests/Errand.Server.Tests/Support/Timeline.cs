using System.Collections.Concurrent;
using System.Globalization;

namespace Errand.Server.Tests.Support;

/// <summary>
/// What a browser test's server and browser did, one timestamped line each (requests as the server saw them, requests
/// and page events as Chromium reported them), kept in memory and written to the test's output only when the test did
/// not pass: a stall on a loaded machine then says which request was slow or never finished.
/// </summary>
internal sealed class Timeline
{
    // A test makes a few hundred requests; the bound only keeps a runaway loop from eating memory.
    private const int Bound = 5000;

    private readonly ConcurrentQueue<string> _lines = new();

    public void Add(string line)
    {
        _lines.Enqueue($"{DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}");
        while (_lines.Count > Bound && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>Writes the lines to the current test's output when it failed (or did not finish): quiet when it passed.</summary>
    public void WriteIfFailed(string title)
    {
        var context = TestContext.Current;
        if (context.TestState?.Result == TestResult.Passed || context.TestOutputHelper is not { } output)
        {
            return;
        }

        output.WriteLine($"--- {title} ({_lines.Count} lines) ---");
        foreach (var line in _lines)
        {
            output.WriteLine(line);
        }
    }
}
