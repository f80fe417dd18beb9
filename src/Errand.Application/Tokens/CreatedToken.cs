using Errand.Tokens;

namespace Errand.Application.Tokens;

/// <summary>A token just created: the stored record, and the token itself, which exists nowhere else and is shown once.</summary>
/// <param name="Record">What the store keeps.</param>
/// <param name="Token">The bearer token to hand to its user.</param>
public sealed record CreatedToken(ApiTokenRecord Record, string Token);
