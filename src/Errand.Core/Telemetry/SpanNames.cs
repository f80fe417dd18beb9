namespace Errand.Telemetry;

/// <summary>The names of Errand's spans (low cardinality: what varies goes into attributes).</summary>
public static class SpanNames
{
    /// <summary>One execution of a task on a worker: the root of the task's trace for that run.</summary>
    public const string Task = "errand.task";

    /// <summary>A pipeline phase: <c>errand.prepare</c>, <c>errand.setup</c>, <c>errand.agent</c>, ….</summary>
    public static string Phase(string phase) => "errand." + phase;

    /// <summary>One verify check.</summary>
    public const string Check = "errand.check";

    /// <summary>One command run in a sandbox (a tool's, a check's, a setup step's).</summary>
    public const string Command = "errand.command";

    /// <summary>A tool call, after the GenAI semantic conventions.</summary>
    public static string Tool(string tool) => "execute_tool " + tool;
}
