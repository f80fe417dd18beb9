namespace Errand.Bench.Peers;

/// <summary>
/// One system's figures: idle enqueue→start latencies (sorted, ms; <see cref="IdleMissing"/> never started within
/// the plan's settle time), full-lifecycle throughput of the burst (<see cref="Jobs"/>: all of it when
/// <see cref="Completed"/>, else the jobs started by the time limit), the burst's latencies under load (sorted, ms), this process's CPU per job in
/// the burst, and the PostgreSQL server's counters over the burst (null on SQLite).
/// </summary>
internal sealed record PeerResult(
    string Name,
    string Engine,
    IReadOnlyList<double> Idle,
    int IdleMissing,
    double TasksPerSecond,
    int Jobs,
    bool Completed,
    IReadOnlyList<double> Load,
    double CpuMsPerJob,
    PgDelta? Postgres);
