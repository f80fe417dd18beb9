namespace Errand.Storage.Postgres.Schema;

/// <summary>
/// Every schema version this code knows, in order. Add new ones at the end; never edit a released one. The tables
/// mirror the SQLite store's, with PostgreSQL types: times are <c>timestamptz</c> (microseconds, as the store's
/// clock gives them; never the server's <c>now()</c>), JSON is kept as the exact text callers gave.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tasks, journal, checkpoints, outbox", """
            CREATE TABLE tasks (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title text NOT NULL,
                state text NOT NULL CHECK (state IN ('queued', 'running', 'waiting_for_human', 'retry_backoff',
                    'scheduled', 'succeeded', 'failed', 'partial', 'cancelled')),
                spec_json text NOT NULL,
                attempt integer NOT NULL DEFAULT 0,
                max_attempts integer NOT NULL,
                fence bigint NOT NULL DEFAULT 0,
                lease_owner text,
                lease_expires_at timestamptz,
                cancel_requested boolean NOT NULL DEFAULT false,
                wake_at timestamptz,
                reason text,
                result_json text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                started_at timestamptz,
                finished_at timestamptz,
                -- The id of the last claim, transition or release that changed the row: a caller whose connection
                -- broke before the answer came learns from it whether its write committed (see Idempotent).
                last_op uuid
            );

            -- The claim path (queued, oldest first) and listing by state, newest first.
            CREATE INDEX ix_tasks_state_id ON tasks (state, id);
            -- The reaper: running tasks by lease expiry.
            CREATE INDEX ix_tasks_lease_expiry ON tasks (lease_expires_at) WHERE state = 'running';
            -- The timer pump: parked tasks by wake time.
            CREATE INDEX ix_tasks_wake_at ON tasks (wake_at) WHERE wake_at IS NOT NULL;

            -- seq comes from one sequence: store-wide and increasing. Every insert for a task happens under that
            -- task's row lock, so within a task, seq order is also commit order and a reader paging by seq
            -- never skips an event that commits late.
            CREATE TABLE journal (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id bigint NOT NULL REFERENCES tasks (id),
                at timestamptz NOT NULL,
                attempt integer NOT NULL,
                kind text NOT NULL,
                message text NOT NULL,
                data_json text
            );

            CREATE INDEX ix_journal_task_seq ON journal (task_id, seq);

            -- The newest checkpoint of each task: an agent resumes from the latest one only.
            CREATE TABLE checkpoints (
                task_id bigint PRIMARY KEY REFERENCES tasks (id),
                attempt integer NOT NULL,
                step integer NOT NULL,
                state_json text NOT NULL,
                workspace_commit text,
                at timestamptz NOT NULL
            );

            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text NOT NULL UNIQUE,
                task_id bigint REFERENCES tasks (id),
                channel text NOT NULL,
                event text NOT NULL,
                payload_json text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                claimed_until timestamptz,
                delivered_at timestamptz,
                dead boolean NOT NULL DEFAULT false,
                last_error text,
                created_at timestamptz NOT NULL
            );

            -- Dispatchers look only at what is still to deliver.
            CREATE INDEX ix_outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND NOT dead;

            -- Wake-ups across processes: whatever puts a task in the queue (enqueue, release, reaper, timer, retry,
            -- or an operator's own SQL) notifies in its own transaction, so the NOTIFY is sent exactly when the
            -- work becomes visible, never before and never lost to a crash between commit and notify.
            -- The payload is the transaction's id: a claim whose snapshot saw that transaction has already looked
            -- at its work, so the waiter ignores it (see WorkSignal). One transaction notifies once per channel.
            -- Channels are named after the schema (see NotificationListener): several Errand stores may share a
            -- database in schemas of their own without waking each other.
            CREATE FUNCTION errand_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('errand_work_' || left(md5(TG_TABLE_SCHEMA), 12), pg_current_xact_id()::text);
                RETURN NULL;
            END $$;

            CREATE TRIGGER tasks_queued_insert AFTER INSERT ON tasks
                FOR EACH ROW WHEN (NEW.state = 'queued') EXECUTE FUNCTION errand_notify_work();
            CREATE TRIGGER tasks_queued_update AFTER UPDATE OF state ON tasks
                FOR EACH ROW WHEN (NEW.state = 'queued' AND OLD.state <> 'queued') EXECUTE FUNCTION errand_notify_work();

            CREATE FUNCTION errand_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('errand_outbox_' || left(md5(TG_TABLE_SCHEMA), 12), pg_current_xact_id()::text);
                RETURN NULL;
            END $$;

            -- A row written, or made due again (failed with a retry time, retried by hand): not a claim.
            CREATE TRIGGER outbox_due_insert AFTER INSERT ON outbox
                FOR EACH ROW EXECUTE FUNCTION errand_notify_outbox();
            CREATE TRIGGER outbox_due_update AFTER UPDATE ON outbox
                FOR EACH ROW WHEN (NEW.claimed_until IS NULL AND NEW.delivered_at IS NULL AND NOT NEW.dead)
                EXECUTE FUNCTION errand_notify_outbox();
            """),
        new(2, "schedules and their ticks", """
            CREATE TABLE schedules (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL UNIQUE,
                cron text NOT NULL,
                time_zone text NOT NULL,
                overlap text NOT NULL CHECK (overlap IN ('skip', 'buffer_one', 'cancel_other', 'allow_all')),
                catch_up_ms bigint NOT NULL,
                jitter_ms bigint NOT NULL,
                max_parallel integer,
                paused boolean NOT NULL DEFAULT false,
                title text NOT NULL,
                spec_json text NOT NULL,
                spec_source text NOT NULL,
                spec_path text,
                max_attempts integer NOT NULL,
                -- Every tick at or before it is decided; it only moves forward.
                cursor timestamptz NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );

            CREATE TABLE schedule_ticks (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                schedule_id bigint NOT NULL REFERENCES schedules (id),
                tick_at timestamptz NOT NULL,
                manual boolean NOT NULL,
                outcome text NOT NULL CHECK (outcome IN ('fired', 'skipped', 'pending', 'missed')),
                reason text,
                missed integer NOT NULL DEFAULT 0,
                task_id bigint REFERENCES tasks (id),
                -- True while its task may be unfinished: the overlap policy and the concurrency limit count these.
                open boolean NOT NULL DEFAULT false,
                -- What a pending tick enqueues when its turn comes.
                title text,
                spec_json text,
                max_attempts integer,
                decided_at timestamptz NOT NULL,
                fired_at timestamptz
            );

            -- The exactly-once key: one row per cron tick of a schedule, inserted with the task it enqueues.
            CREATE UNIQUE INDEX ux_schedule_ticks_cron ON schedule_ticks (schedule_id, tick_at) WHERE NOT manual;
            CREATE INDEX ix_schedule_ticks_history ON schedule_ticks (schedule_id, id);
            CREATE INDEX ix_schedule_ticks_open ON schedule_ticks (schedule_id) WHERE open;
            CREATE INDEX ix_schedule_ticks_pending ON schedule_ticks (schedule_id, id) WHERE outcome = 'pending';
            """),
        new(3, "wake-ups notified after commit, not by triggers", """
            -- A NOTIFY takes a cluster-wide lock from its transaction's pre-commit until the commit is flushed, so
            -- every notifying commit waited for the one before it: 8 submitters managed 166 enqueues/s. The store now
            -- notifies right after its commits, coalesced (see Notifier), outside the writing transactions.
            DROP TRIGGER tasks_queued_insert ON tasks;
            DROP TRIGGER tasks_queued_update ON tasks;
            DROP FUNCTION errand_notify_work();
            DROP TRIGGER outbox_due_insert ON outbox;
            DROP TRIGGER outbox_due_update ON outbox;
            DROP FUNCTION errand_notify_outbox();
            """),
        new(4, "fleets and their slices", """
            CREATE TABLE fleets (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('fleet', 'best_of')),
                fan_in_kind text NOT NULL CHECK (fan_in_kind IN ('merge', 'report', 'pick')),
                state text NOT NULL CHECK (state IN ('running', 'stopping', 'fanning_in', 'succeeded', 'failed', 'cancelled')),
                max_parallel integer NOT NULL,
                stop_after integer,
                spec_json text NOT NULL,
                -- What the last slice's end enqueues, once: fan_in_task_id is set in that same transaction, under this row's lock.
                fan_in_title text NOT NULL,
                fan_in_spec_json text NOT NULL,
                fan_in_max_attempts integer NOT NULL,
                fan_in_task_id bigint REFERENCES tasks (id),
                reason text,
                result_json text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                finished_at timestamptz
            );

            CREATE TABLE fleet_slices (
                fleet_id bigint NOT NULL REFERENCES fleets (id),
                idx integer NOT NULL,
                value text NOT NULL,
                -- 'released' while its task may be unfinished: at most max_parallel of these per fleet.
                state text NOT NULL CHECK (state IN ('pending', 'released', 'succeeded', 'failed', 'partial', 'cancelled', 'skipped')),
                title text NOT NULL,
                -- What a pending slice enqueues when its turn comes; cleared once released (the task holds it).
                spec_json text,
                max_attempts integer NOT NULL,
                task_id bigint REFERENCES tasks (id),
                released_at timestamptz,
                ended_at timestamptz,
                PRIMARY KEY (fleet_id, idx)
            );

            -- The next pending slice, and the released ones counted against the cap.
            CREATE INDEX ix_fleet_slices_state ON fleet_slices (fleet_id, state, idx);

            ALTER TABLE tasks ADD COLUMN fleet_id bigint REFERENCES fleets (id);
            -- The slice's index; NULL for the fan-in.
            ALTER TABLE tasks ADD COLUMN fleet_slice integer;
            CREATE INDEX ix_tasks_fleet ON tasks (fleet_id) WHERE fleet_id IS NOT NULL;
            """),
        new(5, "task names, prerequisites and concurrency limits", """
            ALTER TABLE tasks ADD COLUMN name text;
            -- The repository key the task counts under for per-repo concurrency limits (Errand.Limits.RepoKey).
            ALTER TABLE tasks ADD COLUMN repo text;

            -- after: [name] waits for the newest task of that name.
            CREATE INDEX ix_tasks_name ON tasks (name, id) WHERE name IS NOT NULL;
            -- Claims under a per-repo limit count the running tasks of each repository.
            CREATE INDEX ix_tasks_running_repo ON tasks (repo) WHERE state = 'running';

            -- Written with the dependant, never changed: a task's prerequisites are fixed when it is accepted.
            CREATE TABLE task_prerequisites (
                task_id bigint NOT NULL REFERENCES tasks (id),
                prerequisite_id bigint NOT NULL REFERENCES tasks (id),
                PRIMARY KEY (task_id, prerequisite_id)
            );

            -- A prerequisite's success looks up its dependants.
            CREATE INDEX ix_task_prerequisites_prerequisite ON task_prerequisites (prerequisite_id, task_id);

            -- 'global', or 'repo:' followed by a repository key. Claims lock its rows while they count running tasks.
            CREATE TABLE concurrency_limits (
                scope text PRIMARY KEY,
                max_running integer NOT NULL CHECK (max_running >= 1),
                updated_at timestamptz NOT NULL
            );
            """),
        new(6, "API tokens, kept by hash", """
            CREATE TABLE api_tokens (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL UNIQUE,
                scope text NOT NULL CHECK (scope IN ('read', 'submit', 'answer', 'admin')),
                -- SHA-256 of the token in hex; the token itself is shown once to its creator and never stored.
                hash text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz
            );
            """),
        new(7, "journal rows without a foreign-key check each", """
            -- The check ran a lookup and took a KEY SHARE lock on the task's row for every journal row, fourteen per
            -- no-op task (issue 7). Every insert into the journal selects its task_id from the tasks row it holds locked
            -- (or has just inserted), and tasks are never deleted, so the check could never fail.
            ALTER TABLE journal DROP CONSTRAINT journal_task_id_fkey;
            """),
        new(8, "journal rows kept in one index", """
            -- Every read of the journal is by task (task_id, seq); the primary key's index on seq alone served none of
            -- them and cost a second index entry for each of a task's events. seq stays unique: it comes from the
            -- identity, which a row cannot set itself (GENERATED ALWAYS).
            ALTER TABLE journal DROP CONSTRAINT journal_pkey;
            """),
        new(9, "fleets whose slices a planner proposes", """
            -- The planner task, enqueued with the fleet; planned_at is set in the transaction of its success, which
            -- inserts the slices. While it is NULL the fleet is planning (stored as 'running', with no slices).
            ALTER TABLE fleets ADD COLUMN planner_task_id bigint REFERENCES tasks (id);
            ALTER TABLE fleets ADD COLUMN planned_at timestamptz;
            """),
        new(10, "the installation id", """
            -- One row, made once: what keeps this installation's refs apart from another's on a shared git remote.
            CREATE TABLE installation (
                singleton integer PRIMARY KEY CHECK (singleton = 1),
                id text NOT NULL
            );
            INSERT INTO installation (singleton, id) VALUES (1, left(md5(gen_random_uuid()::text), 16));
            """),
        new(11, "a success's dependants released by one call", """
            -- What PostgresStore.LockDependants and ReleaseDependants do, as one statement sent after a success's own
            -- (keep them alike). In a volatile function under read committed each statement below takes a fresh
            -- snapshot, so the first sees every link committed before the success's row lock was granted, and the
            -- release sees every success committed before its own lock waits ended. A task nobody waits for costs one
            -- index probe.
            CREATE FUNCTION errand_release_dependants(p_task bigint, p_op uuid, p_reason text, p_at timestamptz)
            RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                released integer;
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM task_prerequisites WHERE prerequisite_id = p_task) THEN
                    RETURN 0;
                END IF;

                PERFORM d.id FROM tasks d
                WHERE d.id IN (SELECT task_id FROM task_prerequisites WHERE prerequisite_id = p_task) AND d.state = 'scheduled'
                    AND EXISTS (SELECT 1 FROM tasks p WHERE p.id = p_task AND p.state = 'succeeded' AND p.last_op = p_op)
                ORDER BY d.id FOR NO KEY UPDATE OF d;

                WITH r AS (
                    UPDATE tasks d SET state = 'queued', reason = p_reason, wake_at = NULL, updated_at = p_at
                    WHERE d.id IN (SELECT task_id FROM task_prerequisites WHERE prerequisite_id = p_task) AND d.state = 'scheduled'
                        AND EXISTS (SELECT 1 FROM tasks p WHERE p.id = p_task AND p.state = 'succeeded' AND p.last_op = p_op)
                        AND NOT EXISTS (SELECT 1 FROM task_prerequisites q JOIN tasks p ON p.id = q.prerequisite_id
                            WHERE q.task_id = d.id AND p.state <> 'succeeded')
                    RETURNING d.id, d.attempt),
                j AS (
                    INSERT INTO journal (task_id, at, attempt, kind, message, data_json)
                    SELECT r.id, p_at, r.attempt, 'state', 'scheduled → queued: ' || p_reason,
                        json_build_object('from', 'scheduled', 'to', 'queued', 'reason', p_reason, 'prerequisite', p_task)::text
                    FROM r ORDER BY r.id)
                SELECT count(*)::integer INTO released FROM r;
                RETURN released;
            END $$;
            """),
        new(12, "the journal keyed by (task_id, seq)", """
            -- A table without a key is a defect (migration 8 dropped the one on seq). Every read of the journal is by
            -- task, in seq order, so (task_id, seq) is the key and replaces the index that served those reads: a journal
            -- row still costs one index entry. seq order within a task is unchanged (see migration 1).
            ALTER TABLE journal ADD CONSTRAINT journal_pkey PRIMARY KEY (task_id, seq);
            DROP INDEX ix_journal_task_seq;
            """),
        new(13, "the dashboard's key ring", """
            -- ASP.NET Core data protection keys (what antiforgery tokens are sealed with), one XML element a row, added
            -- and never changed (a revocation is a row of its own), so every `errand serve` on the database shares them.
            CREATE TABLE key_ring (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL,
                xml text NOT NULL,
                created_at timestamptz NOT NULL
            );
            """),
        new(14, "fewer index entries per lifecycle step; a group's successes release their dependants in one call", """
            -- Every lifecycle step changes state, so no step of a task's row is a HOT update while any index names state
            -- (in its columns or its predicate), and each writes an entry in every index whose predicate the new row meets.
            -- (state, id) now leaves out succeeded tasks, most of the table: a success writes the primary key's entry only.
            -- Listing succeeded tasks, newest first, reads the primary key backwards, where nearly every row is one.
            CREATE INDEX ix_tasks_unsucceeded ON tasks (state, id) WHERE state <> 'succeeded';
            DROP INDEX ix_tasks_state_id;
            -- Running tasks are found through the index above (state = 'running', a worker fleet's slots at most), so the
            -- reaper's and the limits' own indexes go: a claim writes two entries instead of four, and a heartbeat (only
            -- lease_expires_at changes) becomes a HOT update, with room left on each page for it.
            DROP INDEX ix_tasks_lease_expiry;
            DROP INDEX ix_tasks_running_repo;
            ALTER TABLE tasks SET (fillfactor = 90);

            -- errand_release_dependants for every success of a commit group, after the group's one transition statement.
            CREATE FUNCTION errand_release_dependants_of(p_tasks bigint[], p_ops uuid[], p_reason text, p_at timestamptz[])
            RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                released integer := 0;
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM task_prerequisites WHERE prerequisite_id = ANY (p_tasks)) THEN
                    RETURN 0;
                END IF;

                FOR k IN 1 .. cardinality(p_tasks) LOOP
                    released := released + errand_release_dependants(p_tasks[k], p_ops[k], p_reason, p_at[k]);
                END LOOP;
                RETURN released;
            END $$;
            """),
    ];

    public static int Latest => All[^1].Version;
}
