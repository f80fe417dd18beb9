namespace Errand.Server.Hosting;

/// <summary>How <c>errand serve</c> listens and limits.</summary>
public sealed record ServerOptions
{
    /// <summary>The default address: loopback only, so nothing is exposed until someone chooses to.</summary>
    public const string DefaultListen = "http://127.0.0.1:7878";

    /// <summary>Where Kestrel listens (<c>http://HOST:PORT</c>; port 0 picks a free one).</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>Submissions per token per window.</summary>
    public SubmitRateLimit SubmitLimit { get; init; } = SubmitRateLimit.Default;

    /// <summary>What other projects add (metrics, MCP): mapped after the API, under the same default authorization.</summary>
    public IReadOnlyList<IServerExtension> Extensions { get; init; } = [];
}
