namespace Errand.Specs;

/// <summary>
/// A task's contract: the YAML front matter of a task file, with its Markdown body as the instruction.
/// Produced by <see cref="SpecParser"/>; immutable; serialized with <see cref="TaskSpecJson"/>.
/// </summary>
public sealed record TaskSpec
{
    /// <summary>A short human title.</summary>
    public string Title { get; init; } = "";

    /// <summary>A local path (absolute once submitted) or a git URL; null for a task that needs no repository.</summary>
    public string? Repo { get; init; }

    /// <summary>The branch, tag or commit to start from; null means the repository's HEAD.</summary>
    public string? Base { get; init; }

    /// <summary>The agent runtime: builtin, claude-code, codex, command.</summary>
    public string Agent { get; init; } = AgentNames.Builtin;

    /// <summary>provider/model for model-driven agents.</summary>
    public string? Model { get; init; }

    /// <summary>The shell line the <c>command</c> agent runs.</summary>
    public string? Command { get; init; }

    /// <summary>Commands run in the environment before the agent, cached per repo, commit and lock files.</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>The platform's own checks, run after the agent.</summary>
    public VerifySpec Verify { get; init; } = new();

    /// <summary>Globs of paths the agent may not change.</summary>
    public IReadOnlyList<string> Protect { get; init; } = [];

    /// <summary>Limits enforced on the run.</summary>
    public BudgetSpec Budget { get; init; } = new();

    /// <summary>The sandbox the agent and checks run in.</summary>
    public SandboxSpec Sandbox { get; init; } = new();

    /// <summary>Names of stored secrets injected as environment variables and redacted everywhere.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Actions that wait for a human (push, network:HOST, command:GLOB, budget).</summary>
    public IReadOnlyList<string> Approvals { get; init; } = [];

    /// <summary>Lets the agent ask its questions (<c>ask_human</c>) before it starts changing anything.</summary>
    public bool Clarify { get; init; }

    /// <summary><see cref="PlanModes.Approve"/>: the agent proposes a plan that a human approves or edits first.</summary>
    public string Plan { get; init; } = PlanModes.None;

    /// <summary>How long questions wait, and what an unanswered one does.</summary>
    public QuestionsSpec Questions { get; init; } = new();

    /// <summary>Notification channels.</summary>
    public IReadOnlyList<string> Notify { get; init; } = [];

    /// <summary>How the result is delivered.</summary>
    public DeliverSpec Deliver { get; init; } = new();

    /// <summary>A name other tasks can wait for (<c>after: [name]</c>); see <see cref="Dependencies.TaskName"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Tasks this one waits for, as written: ids (<c>12</c>, <c>#12</c>) or names (<see cref="Dependencies.TaskRef"/>).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>What a prerequisite that ends without succeeding does to this task (<see cref="Dependencies.PrerequisitePolicies"/>).</summary>
    public string OnPrerequisiteFailure { get; init; } = Dependencies.PrerequisitePolicies.Fail;

    /// <summary>Run this spec as a template over many slices (<c>fleet:</c>); null for a single task.</summary>
    public Fleets.FleetSpec? Fleet { get; init; }

    /// <summary>Best-of-N: run the task this many times, each attempt on its own branch, and pick one; null for once.</summary>
    public int? Attempts { get; init; }

    /// <summary>Best-of-N: the agent (and model or command) of each attempt, cycled; empty: the spec's own for all.</summary>
    public IReadOnlyList<Fleets.AgentChoice> Agents { get; init; } = [];

    /// <summary>Best-of-N: how the winner is picked; null: smallest diff.</summary>
    public Fleets.PickSpec? Pick { get; init; }

    /// <summary>The fleet the task was made for, if any. Not a front-matter field: the fleet's submission adds it.</summary>
    public Fleets.FleetOrigin? FleetRun { get; init; }

    /// <summary>
    /// Instructions given after the task ended, oldest first (<c>errand followup</c>). Not a front-matter field: Errand
    /// adds them to the stored spec.
    /// </summary>
    public IReadOnlyList<FollowUp> FollowUps { get; init; } = [];

    /// <summary>The schedule that fired the task, if one did. Not a front-matter field: the scheduler adds it.</summary>
    public ScheduleOrigin? Schedule { get; init; }

    /// <summary>The Markdown body: what to do.</summary>
    public string Instruction { get; init; } = "";

    /// <summary>The lines of the body's "Done when" section, each to be mapped to the check that proves it.</summary>
    public IReadOnlyList<string> DoneWhen { get; init; } = [];
}
