namespace Errand.Server.Contracts;

/// <summary>POST /api/tokens.</summary>
/// <param name="Name">A unique name.</param>
/// <param name="Scope">read, submit, answer or admin.</param>
internal sealed record CreateTokenRequest(string? Name, string? Scope);
