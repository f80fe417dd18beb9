using Errand.Budgets;
using Errand.Engine.Questions;
using Errand.Results;
using Errand.Sandboxing;
using Errand.Specs;
using Errand.Storage;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>What one attempt has got so far; read when it ends early (partial, cancelled) to keep the work.</summary>
internal sealed class AttemptState(TaskClaim claim, TaskSpec spec, TaskJournal journal, long startedTimestamp)
{
    public TaskClaim Claim { get; } = claim;

    public TaskSpec Spec { get; } = spec;

    public TaskJournal Journal { get; } = journal;

    public long StartedTimestamp { get; } = startedTimestamp;

    public long TaskId => Claim.Task.Id;

    public Workspace? Workspace { get; set; }

    public ISandbox? Sandbox { get; set; }

    public WorkspaceSnapshot? Snapshot { get; set; }

    public IReadOnlyList<CheckResult> Checks { get; set; } = [];

    public IReadOnlyList<string> ProtectViolations { get; set; } = [];

    public int Rounds { get; set; }

    public string? AgentSummary { get; set; }

    public bool Delivered { get; set; }

    /// <summary>Snapshots in a row the shared git remote refused; each later one pushes them all again.</summary>
    public int UnpushedSnapshots { get; set; }

    /// <summary>What the task has used of its budget, earlier runs included; raised with every model turn.</summary>
    public BudgetUsage Usage { get; set; } = BudgetUsage.None;

    /// <summary>The attempt of the task's last restart (a retry); checkpoints from it or before are not resumed.</summary>
    public int RestartedAtAttempt { get; set; }

    /// <summary>The task's questions and answers so far (since its last restart or follow-up).</summary>
    public QuestionLog Questions { get; set; } = new();

    private readonly HashSet<string> _budgetWarned = new(StringComparer.Ordinal);

    /// <summary>
    /// Records that a budget limit (by limit and value) has been warned about since the last restart; false when it
    /// already was. Turns and the time-budget timer both call it, from different threads.
    /// </summary>
    public bool MarkWarned(string limit)
    {
        lock (_budgetWarned)
        {
            return _budgetWarned.Add(limit);
        }
    }

    /// <summary>The question this attempt stops to ask; the task parks on it.</summary>
    public AskedQuestion? Asking { get; set; }

    /// <summary>A fleet's fan-in: the fleet's report so far.</summary>
    public Errand.Fleets.FleetReport? FleetReport { get; set; }

    /// <summary>A merge fan-in: the commit its workspace starts from (the chain of merges), or null.</summary>
    public string? StartFrom { get; set; }

    /// <summary>A fleet's planner: what its agent printed on stdout (a command planner prints its slices), else null.</summary>
    public System.Text.StringBuilder? Output { get; set; }

    /// <summary>A fleet's planner: the proposal an earlier run journaled and nobody has answered yet, else null.</summary>
    public IReadOnlyList<Errand.Fleets.ProposedSlice>? Proposed { get; set; }

    /// <summary>A fleet's planner that succeeds: the slices its fleet runs, handed over with its end.</summary>
    public IReadOnlyList<Errand.Fleets.NewFleetSlice> PlannedSlices { get; set; } = [];

    /// <summary>The checkpoint this attempt resumes from, or null for a fresh start.</summary>
    public Checkpoint? ResumeFrom { get; set; }
}
