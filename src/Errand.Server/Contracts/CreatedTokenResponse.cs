namespace Errand.Server.Contracts;

/// <summary>A new token: shown this once, stored only as a hash.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Info">Its name, scope and date.</param>
internal sealed record CreatedTokenResponse(string Token, TokenView Info);
