namespace Errand.Sandboxing;

/// <summary>A connection the egress proxy let through or refused.</summary>
/// <param name="Host">The host asked for.</param>
/// <param name="Port">The port asked for.</param>
/// <param name="Allowed">Whether it was on the allow-list.</param>
public sealed record EgressDecision(string Host, int Port, bool Allowed);
