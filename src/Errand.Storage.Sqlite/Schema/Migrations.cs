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
        new(2, "schedules and their ticks", """
            CREATE TABLE schedules (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                cron TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                overlap TEXT NOT NULL CHECK (overlap IN ('skip', 'buffer_one', 'cancel_other', 'allow_all')),
                catch_up_ms INTEGER NOT NULL,
                jitter_ms INTEGER NOT NULL,
                max_parallel INTEGER,
                paused INTEGER NOT NULL DEFAULT 0,
                title TEXT NOT NULL,
                spec_json TEXT NOT NULL,
                spec_source TEXT NOT NULL,
                spec_path TEXT,
                max_attempts INTEGER NOT NULL,
                -- Every tick at or before it is decided; it only moves forward.
                cursor INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE schedule_ticks (
                id INTEGER PRIMARY KEY,
                schedule_id INTEGER NOT NULL REFERENCES schedules (id),
                tick_at INTEGER NOT NULL,
                manual INTEGER NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('fired', 'skipped', 'pending', 'missed')),
                reason TEXT,
                missed INTEGER NOT NULL DEFAULT 0,
                task_id INTEGER REFERENCES tasks (id),
                -- 1 while its task may be unfinished: the overlap policy and the concurrency limit count these.
                open INTEGER NOT NULL DEFAULT 0,
                -- What a pending tick enqueues when its turn comes.
                title TEXT,
                spec_json TEXT,
                max_attempts INTEGER,
                decided_at INTEGER NOT NULL,
                fired_at INTEGER
            ) STRICT;

            -- The exactly-once key: one row per cron tick of a schedule, inserted with the task it enqueues.
            CREATE UNIQUE INDEX ux_schedule_ticks_cron ON schedule_ticks (schedule_id, tick_at) WHERE manual = 0;
            CREATE INDEX ix_schedule_ticks_history ON schedule_ticks (schedule_id, id);
            CREATE INDEX ix_schedule_ticks_open ON schedule_ticks (schedule_id) WHERE open = 1;
            CREATE INDEX ix_schedule_ticks_pending ON schedule_ticks (schedule_id, id) WHERE outcome = 'pending';
            """),
        new(3, "fleets and their slices", """
            CREATE TABLE fleets (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('fleet', 'best_of')),
                fan_in_kind TEXT NOT NULL CHECK (fan_in_kind IN ('merge', 'report', 'pick')),
                state TEXT NOT NULL CHECK (state IN ('running', 'stopping', 'fanning_in', 'succeeded', 'failed', 'cancelled')),
                max_parallel INTEGER NOT NULL,
                stop_after INTEGER,
                spec_json TEXT NOT NULL,
                -- What the last slice's end enqueues, once: fan_in_task_id is set in that same transaction.
                fan_in_title TEXT NOT NULL,
                fan_in_spec_json TEXT NOT NULL,
                fan_in_max_attempts INTEGER NOT NULL,
                fan_in_task_id INTEGER REFERENCES tasks (id),
                reason TEXT,
                result_json TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                finished_at INTEGER
            ) STRICT;

            CREATE TABLE fleet_slices (
                fleet_id INTEGER NOT NULL REFERENCES fleets (id),
                idx INTEGER NOT NULL,
                value TEXT NOT NULL,
                -- 'released' while its task may be unfinished: at most max_parallel of these per fleet.
                state TEXT NOT NULL CHECK (state IN ('pending', 'released', 'succeeded', 'failed', 'partial', 'cancelled', 'skipped')),
                title TEXT NOT NULL,
                -- What a pending slice enqueues when its turn comes; cleared once released (the task holds it).
                spec_json TEXT,
                max_attempts INTEGER NOT NULL,
                task_id INTEGER REFERENCES tasks (id),
                released_at INTEGER,
                ended_at INTEGER,
                PRIMARY KEY (fleet_id, idx)
            ) STRICT;

            -- The next pending slice, and the released ones counted against the cap.
            CREATE INDEX ix_fleet_slices_state ON fleet_slices (fleet_id, state, idx);

            ALTER TABLE tasks ADD COLUMN fleet_id INTEGER REFERENCES fleets (id);
            -- The slice's index; NULL for the fan-in.
            ALTER TABLE tasks ADD COLUMN fleet_slice INTEGER;
            CREATE INDEX ix_tasks_fleet ON tasks (fleet_id) WHERE fleet_id IS NOT NULL;
            """),
        new(4, "task names, prerequisites and concurrency limits", """
            ALTER TABLE tasks ADD COLUMN name TEXT;
            -- The repository key the task counts under for per-repo concurrency limits (Errand.Limits.RepoKey).
            ALTER TABLE tasks ADD COLUMN repo TEXT;

            -- after: [name] waits for the newest task of that name.
            CREATE INDEX ix_tasks_name ON tasks (name, id) WHERE name IS NOT NULL;
            -- Claims under a per-repo limit count the running tasks of each repository.
            CREATE INDEX ix_tasks_running_repo ON tasks (repo) WHERE state = 'running';

            -- Written with the dependant, never changed: a task's prerequisites are fixed when it is accepted.
            CREATE TABLE task_prerequisites (
                task_id INTEGER NOT NULL REFERENCES tasks (id),
                prerequisite_id INTEGER NOT NULL REFERENCES tasks (id),
                PRIMARY KEY (task_id, prerequisite_id)
            ) STRICT, WITHOUT ROWID;

            -- A prerequisite's success looks up its dependants.
            CREATE INDEX ix_task_prerequisites_prerequisite ON task_prerequisites (prerequisite_id, task_id);

            -- 'global', or 'repo:' followed by a repository key. Claims read it under the write lock.
            CREATE TABLE concurrency_limits (
                scope TEXT PRIMARY KEY,
                max_running INTEGER NOT NULL CHECK (max_running >= 1),
                updated_at INTEGER NOT NULL
            ) STRICT;
            """),
        new(5, "API tokens, kept by hash", """
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                scope TEXT NOT NULL CHECK (scope IN ('read', 'submit', 'answer', 'admin')),
                -- SHA-256 of the token in hex; the token itself is shown once to its creator and never stored.
                hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            ) STRICT;
            """),
        new(6, "fleets whose slices a planner proposes", """
            -- The planner task, enqueued with the fleet; planned_at is set in the transaction of its success, which
            -- inserts the slices. While it is NULL the fleet is planning (stored as 'running', with no slices).
            ALTER TABLE fleets ADD COLUMN planner_task_id INTEGER REFERENCES tasks (id);
            ALTER TABLE fleets ADD COLUMN planned_at INTEGER;
            """),
        new(7, "the installation id", """
            -- One row, made once: what keeps this installation's refs apart from another's on a shared git remote.
            CREATE TABLE installation (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                id TEXT NOT NULL
            ) STRICT;
            INSERT INTO installation (singleton, id) VALUES (1, lower(hex(randomblob(8))));
            """),
        new(8, "the dashboard's key ring", """
            -- ASP.NET Core data protection keys (what antiforgery tokens are sealed with), one XML element a row, added
            -- and never changed (a revocation is a row of its own), so every `errand serve` on the database shares them.
            CREATE TABLE key_ring (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                xml TEXT NOT NULL,
                created_at INTEGER NOT NULL
            ) STRICT;
            """),
    ];

    public static int Latest => All[^1].Version;
}
