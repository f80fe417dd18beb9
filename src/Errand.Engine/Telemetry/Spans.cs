using System.Diagnostics;
using Errand.Storage;
using Errand.Tasks;
using Errand.Telemetry;

namespace Errand.Engine.Telemetry;

/// <summary>
/// The engine's spans: a root per execution of a task in the task's own trace (<see cref="TaskTrace"/>), a child per
/// phase. Nothing is allocated when no listener samples the source (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null). SECRETS: attributes are ids, names and states; an end reason goes in only after the task's redactor.
/// </summary>
internal static class Spans
{
    /// <summary>The root span of one execution of a claimed task.</summary>
    /// <param name="installation">The installation id of the task's store.</param>
    /// <param name="claim">The claimed task.</param>
    public static Activity? StartExecution(string installation, TaskClaim claim)
    {
        // The root is parented on the task's trace, not on whatever is current (a server request, a test), so every
        // execution of the task lands in the same trace.
        var span = ErrandTelemetry.Source.StartActivity(SpanNames.Task, ActivityKind.Internal, TaskTrace.ParentOf(installation, claim.Task));
        if (span is not null)
        {
            span.SetTag(SpanAttributes.TaskId, claim.Task.Id);
            span.SetTag(SpanAttributes.Attempt, claim.Task.Attempt);
            span.SetTag(SpanAttributes.Worker, claim.Lease.WorkerId);
        }

        return span;
    }

    /// <summary>A phase of the pipeline, a child of the current span.</summary>
    public static Activity? StartPhase(string phase) => ErrandTelemetry.Source.StartActivity(SpanNames.Phase(phase));

    /// <summary>Marks the agent phase as the GenAI conventions' <c>invoke_agent</c>, the parent of its model and tool spans.</summary>
    public static void DescribeAgent(Activity? span, string agent, int round)
    {
        if (span is not null)
        {
            span.SetTag(SpanAttributes.GenAiOperation, "invoke_agent");
            span.SetTag(SpanAttributes.GenAiAgentName, agent);
            span.SetTag(SpanAttributes.Agent, agent);
            span.SetTag(SpanAttributes.Round, round);
        }
    }

    /// <summary>
    /// Records on the current execution's root span how it ended; <paramref name="redactedReason"/> has been through the
    /// task's redactor.
    /// </summary>
    public static void Ended(TaskState state, string redactedReason)
    {
        var span = Activity.Current;
        while (span is not null && !(span.Source == ErrandTelemetry.Source && span.OperationName == SpanNames.Task))
        {
            span = span.Parent;
        }

        if (span is null)
        {
            return;
        }

        span.SetTag(SpanAttributes.State, state.ToWireName());
        if (state is TaskState.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, redactedReason);
        }
    }

    /// <summary>Marks the span failed, for an exception filter: returns false so the exception goes on unhandled.</summary>
    public static bool Failed(Activity? span)
    {
        span?.SetStatus(ActivityStatusCode.Error);
        return false;
    }

    /// <summary>Records that the execution stopped without ending the task (handed back, lease lost, cancelled).</summary>
    public static void Stopped(Activity? span, string why) => span?.SetTag("errand.stop", why);

    /// <summary>The span of one verify check.</summary>
    public static Activity? StartCheck(string name)
    {
        var span = ErrandTelemetry.Source.StartActivity(SpanNames.Check);
        span?.SetTag(SpanAttributes.CheckName, name);
        return span;
    }

    /// <summary>Notes the check's outcome.</summary>
    public static void CheckEnded(Activity? span, bool passed)
    {
        if (span is not null)
        {
            span.SetTag(SpanAttributes.CheckPassed, passed);
            if (!passed)
            {
                span.SetStatus(ActivityStatusCode.Error, "check failed");
            }
        }
    }
}
