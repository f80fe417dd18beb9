using System.Globalization;

namespace Errand.Chaos.Scenario;

/// <summary>
/// N worker processes, each a "host" with its own data directory, kept running: a killed one is restarted at once
/// under a new id (a new process is a new worker), as a supervisor would.
/// </summary>
internal sealed class WorkerFleet(ChaosOptions options) : IAsyncDisposable
{
    private readonly WorkerProcess[] _slots = new WorkerProcess[options.Workers];
    private readonly List<WorkerProcess> _retired = [];
    private readonly int[] _generation = new int[options.Workers];
    private readonly List<Interruption> _interruptions = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<Interruption> Interruptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _interruptions];
            }
        }
    }

    public WorkerProcess this[int slot] => _slots[slot];

    /// <summary>True when the slot's worker is up (it said so) and not paused: it claims, heartbeats and reaps.</summary>
    public bool IsLive(int slot) =>
        _slots[slot].Started.IsCompletedSuccessfully && !Interruptions.Any(i => i.Kind == "stop" && i.ResumedAt is null && i.WorkerId == _slots[slot].Id);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = Launch(slot);
        }

        await Task.WhenAll(_slots.Select(w => w.Started)).WaitAsync(cancellationToken);
    }

    /// <summary>kill -9 the worker in the slot and start a new one there (not waiting for it to be up).</summary>
    public Interruption KillAndRestart(int slot)
    {
        var victim = _slots[slot];
        victim.Kill();
        var interruption = Record(new Interruption("kill", victim.Id, DateTimeOffset.UtcNow));
        _retired.Add(victim);
        _slots[slot] = Launch(slot);
        return interruption;
    }

    /// <summary>SIGSTOP the worker in the slot; <see cref="ResumeAsync"/> sends its SIGCONT.</summary>
    public Interruption Pause(int slot)
    {
        var worker = _slots[slot];
        worker.Pause();
        return Record(new Interruption("stop", worker.Id, DateTimeOffset.UtcNow));
    }

    /// <summary>SIGCONT, <paramref name="after"/> the pause began; the worker keeps running afterwards.</summary>
    public async Task ResumeAsync(int slot, Interruption pause, TimeSpan after, CancellationToken cancellationToken)
    {
        var wait = pause.At + after - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        _slots[slot].Resume();
        pause.ResumedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Counts, for each pause, the writes the worker tried after SIGCONT and the fence refused.</summary>
    public void CountRefusals()
    {
        foreach (var pause in Interruptions.Where(i => i.ResumedAt is not null))
        {
            var worker = _slots.Concat(_retired).First(w => w.Id == pause.WorkerId);
            pause.RefusedAfterResume = worker.CountLines(pause.ResumedAt!.Value, l => l.Contains("lease lost", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Stops every worker gracefully (SIGTERM), as at the end of a run.</summary>
    public Task StopAllAsync() => Task.WhenAll(_slots.Where(w => w is not null).Select(w => w.StopAsync(TimeSpan.FromSeconds(60))));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _slots.Where(w => w is not null).Concat(_retired))
        {
            await worker.DisposeAsync();
        }
    }

    private WorkerProcess Launch(int slot)
    {
        var host = Path.Combine(options.WorkDirectory, "hosts", string.Create(CultureInfo.InvariantCulture, $"host-{slot + 1}"));
        var id = string.Create(CultureInfo.InvariantCulture, $"host-{slot + 1}.{++_generation[slot]}");
        Directory.CreateDirectory(host);
        string[] arguments =
        [
            "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--lease", string.Create(CultureInfo.InvariantCulture, $"{options.Lease.TotalMilliseconds:0}ms"),
            "--poll", "100ms",
            .. options.Store.PrepareHost(host),
        ];
        return WorkerProcess.Start(options.ErrandDll, host, id, arguments);
    }

    private Interruption Record(Interruption interruption)
    {
        lock (_gate)
        {
            _interruptions.Add(interruption);
        }

        return interruption;
    }
}
