namespace Errand.Chaos.Scenario;

/// <summary>A fault of the store's server, injected once a share of the tasks is done.</summary>
/// <param name="Name">For the report ("postgres restart", "pg_terminate_backend").</param>
/// <param name="AtDoneShare">Injected when this share of the tasks (0–1) has ended.</param>
/// <param name="Inject">Does it; returns a note for the report (e.g. how many connections were terminated).</param>
internal sealed record ServerFault(string Name, double AtDoneShare, Func<CancellationToken, Task<string>> Inject);
