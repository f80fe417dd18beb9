using Errand.Specs;

namespace Errand.Fleets;

/// <summary>
/// Renders a fleet's tasks from its template: one spec per slice (or per attempt of a best-of-N task) with the
/// placeholders filled in, and the fan-in's spec. No I/O: the slices are given.
/// </summary>
public static class FleetTemplate
{
    /// <summary>Replaced by the slice's value.</summary>
    public const string SlicePlaceholder = "{{slice}}";

    /// <summary>Replaced by the slice's position, from 1.</summary>
    public const string IndexPlaceholder = "{{index}}";

    /// <summary>The fleet's title: <c>fleet.title</c>, else the template's title with its placeholders shown as "…".</summary>
    public static string FleetTitle(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Fleet?.Title ?? Fill(spec.Title, "…", "…").Trim();
    }

    /// <summary>The spec of slice <paramref name="index"/> (from 0) with value <paramref name="value"/>.</summary>
    public static TaskSpec Slice(TaskSpec template, string fleetTitle, string fanIn, int index, string value)
    {
        ArgumentNullException.ThrowIfNull(template);
        var n = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string F(string text) => Fill(text, value, n);
        return Plain(template) with
        {
            Title = Clip(F(template.Title)),
            Instruction = F(template.Instruction),
            Command = template.Command is { } command ? F(command) : null,
            Verify = template.Verify with { Checks = [.. template.Verify.Checks.Select(c => c with { Run = F(c.Run), Name = F(c.Name) })] },
            Deliver = template.Deliver with { Branch = template.Deliver.Branch is { } branch ? F(branch) : null },
            DoneWhen = [.. template.DoneWhen.Select(F)],
            // A slice reports to the fleet; the fleet's end is what its channels hear about.
            Notify = [],
            FleetRun = new FleetOrigin(fleetTitle, FleetRoles.Slice, fanIn) { Slice = index, Value = value },
        };
    }

    /// <summary>
    /// The spec of attempt <paramref name="index"/> (from 0) of a best-of-N task: the agent, model and command of its
    /// <c>agents:</c> entry (cycled), and a branch of its own.
    /// </summary>
    public static TaskSpec Attempt(TaskSpec template, int index)
    {
        ArgumentNullException.ThrowIfNull(template);
        var total = template.Attempts ?? 1;
        var choice = template.Agents.Count == 0 ? null : template.Agents[index % template.Agents.Count];
        var n = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var agent = choice?.Agent ?? template.Agent;
        var described = choice is null ? $"attempt {n}" : $"attempt {n}: {agent}" + (choice.Model is { } m ? $" {m}" : "");
        return Plain(template) with
        {
            Title = Clip($"{template.Title} (attempt {n}/{total.ToString(System.Globalization.CultureInfo.InvariantCulture)})"),
            Agent = agent,
            Model = choice?.Model ?? (choice is null || choice.Agent == template.Agent ? template.Model : null),
            Command = choice?.Command ?? template.Command,
            Deliver = template.Deliver with { Branch = template.Deliver.Branch is { } branch ? $"{branch}-attempt-{n}" : null },
            Notify = [],
            FleetRun = new FleetOrigin(template.Title, FleetRoles.Slice, FanInKinds.Pick) { Slice = index, Value = described },
        };
    }

    /// <summary>The fan-in's spec: the template's repository, base, checks, sandbox and channels, and no agent work of its own.</summary>
    public static TaskSpec FanIn(TaskSpec template, string fleetTitle, string fanIn)
    {
        ArgumentNullException.ThrowIfNull(template);
        var what = fanIn switch
        {
            FanInKinds.Merge => "merge",
            FanInKinds.Pick => "pick",
            _ => "report",
        };
        var branch = fanIn == FanInKinds.Merge ? template.Fleet?.Branch : null;
        return Plain(template) with
        {
            Title = Clip($"{fleetTitle}: {what}"),
            Instruction = "",
            DoneWhen = [],
            Verify = fanIn == FanInKinds.Merge
                ? template.Verify with { Checks = [.. template.Verify.Checks.Select(c => c with { Run = Fill(c.Run, "", ""), Name = Fill(c.Name, "", "") })] }
                : new VerifySpec(),
            Deliver = new DeliverSpec { Branch = branch },
            Budget = new BudgetSpec(),
            FleetRun = new FleetOrigin(fleetTitle, FleetRoles.FanIn, fanIn)
            {
                Branch = branch,
                Pick = fanIn == FanInKinds.Pick ? template.Pick ?? new PickSpec() : null,
            },
        };
    }

    /// <summary>
    /// The planner's spec: the template's repository, base, sandbox, budget and channels, the planner's agent and model,
    /// its instructions followed by the template it splits; it changes nothing and has no checks of its own.
    /// </summary>
    public static TaskSpec Planner(TaskSpec template, string fleetTitle)
    {
        ArgumentNullException.ThrowIfNull(template);
        var planner = template.Fleet?.Planner ?? throw new ArgumentException("the fleet has no planner", nameof(template));
        var agent = planner.Agent ?? AgentNames.Builtin;
        var instruction = $"""
            {planner.Instructions}

            Split the work below into at most {planner.MaxSlices.ToString(System.Globalization.CultureInfo.InvariantCulture)} independent slices. Each slice is one value (a path, a project, a module: one line) that replaces {SlicePlaceholder} in the task each slice runs; slices must not overlap. Read the repository as you need; change nothing. Then propose the slices, each with a one-line reason.

            The task each slice runs (its title: "{template.Title}"):
            {template.Instruction.Trim()}
            """;
        return Plain(template) with
        {
            Title = Clip($"{fleetTitle}: plan the slices"),
            Agent = agent,
            Model = planner.Model ?? (template.Agent == AgentNames.Builtin ? template.Model : null),
            Command = agent == AgentNames.Command ? planner.Command : null,
            Instruction = instruction.Trim(),
            DoneWhen = [],
            Verify = new VerifySpec(),
            Deliver = new DeliverSpec(),
            Plan = PlanModes.None,
            FleetRun = new FleetOrigin(fleetTitle, FleetRoles.Planner, template.Fleet.FanIn) { Planner = planner },
        };
    }

    private static TaskSpec Plain(TaskSpec template) => template with
    {
        Fleet = null,
        Attempts = null,
        Agents = [],
        Pick = null,
        FleetRun = null,
    };

    private static string Fill(string text, string value, string index) =>
        text.Replace(SlicePlaceholder, value, StringComparison.Ordinal).Replace(IndexPlaceholder, index, StringComparison.Ordinal);

    private static string Clip(string title)
    {
        var line = string.Join(' ', title.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= SpecBinder.MaxTitleLength ? line : line[..(SpecBinder.MaxTitleLength - 1)] + "…";
    }
}
