namespace Errand.Agents.Cli;

/// <summary>Where a <see cref="ModelRelay"/> sends requests, and the credential it adds.</summary>
/// <param name="BaseUrl">The upstream base URL; request paths are appended to it.</param>
/// <param name="StripPrefix">A path prefix the CLI adds that the base URL already holds (<c>/v1</c> for OpenAI-style URLs).</param>
/// <param name="ApiKey">The key, or null for an endpoint that needs none.</param>
/// <param name="KeyHeader"><c>x-api-key</c> (Anthropic) or <c>Authorization</c> (a bearer token).</param>
internal sealed record RelayTarget(Uri BaseUrl, string StripPrefix, string? ApiKey, string KeyHeader);
