namespace Errand.Chaos.Scenario;

/// <summary>One chaos run: how many workers and tasks, and how much violence.</summary>
internal sealed record ChaosOptions
{
    /// <summary>The CLI to run workers from (errand.dll).</summary>
    public required string ErrandDll { get; init; }

    /// <summary>A scratch directory for the store, the hosts' data directories and the execution log.</summary>
    public required string WorkDirectory { get; init; }

    public required ChaosStore Store { get; init; }

    public int Workers { get; init; } = 3;

    /// <summary>Tasks each worker runs at once.</summary>
    public int Concurrency { get; init; } = 4;

    public int Tasks { get; init; } = 1000;

    /// <summary>kill -9 of a random worker (restarted at once under a new id), spread over the run.</summary>
    public int Kills { get; init; } = 50;

    /// <summary>SIGSTOP of the busiest worker past its lease, then SIGCONT.</summary>
    public int Stops { get; init; } = 1;

    /// <summary>The workers' lease (the CLI default is 15 s).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long each task's command runs (a sleep).</summary>
    public TimeSpan TaskDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Mean least time between kills (each gap drawn between half and one and a half times this).</summary>
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>The most a run may take before whatever is unfinished counts as lost.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Claims before a task that keeps losing its worker is failed (the store's default is 3).</summary>
    public int MaxAttempts { get; init; } = 10;

    public int Seed { get; init; } = 7;

    /// <summary>Faults of the store's server (PostgreSQL restart, terminated backends), at a share of the tasks done.</summary>
    public IReadOnlyList<ServerFault> ServerFaults { get; init; } = [];

    /// <summary>Progress lines, or null for none.</summary>
    public Action<string>? Log { get; init; }
}
