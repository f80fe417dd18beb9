namespace Errand.Bench.Floor;

/// <summary>Durable single-row INSERT commits per second on one engine with <see cref="Writers"/> concurrent writers.</summary>
internal sealed record FloorResult(string Engine, int Writers, double CommitsPerSecond);
