namespace Errand.Agents.Tools;

/// <summary>A tool call the tool refuses or cannot do; its message goes back to the model as the result.</summary>
internal sealed class ToolException(string message) : Exception(message);
