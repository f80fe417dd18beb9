namespace Errand.Server.Contracts;

/// <summary>How many failed notifications are due again.</summary>
/// <param name="Count">The number made due.</param>
internal sealed record RetryFailedResponse(int Count);
