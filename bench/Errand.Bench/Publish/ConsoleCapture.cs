using System.Text;

namespace Errand.Bench.Publish;

/// <summary>
/// Copies what a scenario prints (its Markdown tables) while it still goes to the terminal, so the published page
/// shows exactly what the scenario reported.
/// </summary>
internal static class ConsoleCapture
{
    public static async Task<string> RunAsync(Func<Task> scenario)
    {
        var original = Console.Out;
        var copy = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(new TeeWriter(original, copy)));
        try
        {
            await scenario();
        }
        finally
        {
            Console.SetOut(original);
        }

        return copy.ToString();
    }

    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => first.Encoding;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void WriteLine(string? value)
        {
            first.WriteLine(value);
            second.WriteLine(value);
        }
    }
}
