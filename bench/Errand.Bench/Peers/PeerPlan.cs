namespace Errand.Bench.Peers;

/// <summary>
/// How one system is measured. Idle latency: <see cref="Samples"/> jobs enqueued one every <see cref="Gap"/>, each
/// timed from the enqueue call to its start (spaced so the queue is empty between them, whatever the poll interval),
/// waiting at most <see cref="Settle"/> after the last. Throughput: <see cref="Burst"/> jobs from 8 producers, from the
/// first enqueue until all succeeded, at most <see cref="BurstTimeout"/>.
/// </summary>
internal sealed record PeerPlan(int Samples, TimeSpan Gap, TimeSpan Settle, int Burst, TimeSpan BurstTimeout, int Warmup = 20);
