namespace Errand.Sandboxing;

/// <summary>One line of a command's output.</summary>
/// <param name="Stream">stdout or stderr.</param>
/// <param name="Text">The line, without its newline.</param>
public readonly record struct OutputLine(string Stream, string Text);
