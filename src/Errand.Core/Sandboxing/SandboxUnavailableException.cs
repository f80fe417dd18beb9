namespace Errand.Sandboxing;

/// <summary>The sandbox cannot be set up as asked; the task fails closed with this reason.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
