namespace Errand.Agents.Tools;

/// <summary>A file tool was asked for a path outside the workspace.</summary>
public sealed class WorkspacePathException(string path, string problem)
    : Exception($"path '{path}' {problem}")
{
    /// <summary>The path as asked for.</summary>
    public string RequestedPath { get; } = path;
}
