namespace Errand.Bench.Peers;

/// <summary>
/// What the PostgreSQL server did over a measured interval: committed transactions (read-only ones too), statements
/// executed (pg_stat_statements; null when it is not loaded), WAL flushes (fsyncs of the log) and the server
/// processes' CPU time; and the statements called most often (calls, query text), where pg_stat_statements is loaded.
/// </summary>
internal sealed record PgDelta(long Commits, long? Statements, long WalSyncs, double ServerCpuMs, IReadOnlyList<(long Calls, string Query)> Top);
