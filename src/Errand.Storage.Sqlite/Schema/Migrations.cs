namespace Errand.Storage.Sqlite.Schema;

/// <summary>Every schema version this code knows, in order. Add new ones at the end; never edit a released one.</summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tasks, journal, checkpoints, outbox", """
            CREATE TABLE tasks (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'waiting_for_human', 'retry_backoff',
                    'scheduled', 'succeeded', 'failed', 'partial', 'cancelled')),
                spec_json TEXT NOT NULL,
                attempt INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL,
                fence INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_expires_at INTEGER,
                cancel_requested INTEGER NOT NULL DEFAULT 0,
                wake_at INTEGER,
                reason TEXT,
                result_json TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER
            ) STRICT;

            -- The claim path (queued, oldest first) and listing by state, newest first.
            CREATE INDEX ix_tasks_state_id ON tasks (state, id);
            -- The reaper: running tasks by lease expiry.
            CREATE INDEX ix_tasks_lease_expiry ON tasks (lease_expires_at) WHERE state = 'running';
            -- The timer pump: parked tasks by wake time.
            CREATE INDEX ix_tasks_wake_at ON tasks (wake_at) WHERE wake_at IS NOT NULL;

            -- seq is the rowid: store-wide and increasing, because rows are never deleted.
            CREATE TABLE journal (
                seq INTEGER PRIMARY KEY,
                task_id INTEGER NOT NULL REFERENCES tasks (id),
                at INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                kind TEXT NOT NULL,
                message TEXT NOT NULL,
                data_json TEXT
            ) STRICT;

            CREATE INDEX ix_journal_task_seq ON journal (task_id, seq);

            -- The newest checkpoint of each task: an agent resumes from the latest one only.
            CREATE TABLE checkpoints (
                task_id INTEGER PRIMARY KEY REFERENCES tasks (id),
                attempt INTEGER NOT NULL,
                step INTEGER NOT NULL,
                state_json TEXT NOT NULL,
                workspace_commit TEXT,
                at INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                task_id INTEGER REFERENCES tasks (id),
                channel TEXT NOT NULL,
                event TEXT NOT NULL,
                payload_json TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                claimed_until INTEGER,
                delivered_at INTEGER,
                dead INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                created_at INTEGER NOT NULL
            ) STRICT;

            -- Dispatchers look only at what is still to deliver.
            CREATE INDEX ix_outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND dead = 0;
            """),
    ];

    public static int Latest => All[^1].Version;
}
