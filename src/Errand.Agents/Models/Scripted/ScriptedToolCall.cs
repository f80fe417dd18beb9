namespace Errand.Agents.Models.Scripted;

/// <summary>A tool call in a script.</summary>
/// <param name="Name">The tool.</param>
/// <param name="ArgumentsJson">Its arguments, a JSON object.</param>
internal sealed record ScriptedToolCall(string Name, string ArgumentsJson);
