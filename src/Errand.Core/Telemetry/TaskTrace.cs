using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Errand.Tasks;

namespace Errand.Telemetry;

/// <summary>
/// One trace per task, whichever worker runs it and however often. The trace id is derived from the task, not stored:
/// from its store's installation id, its id and the moment it was created, so two Errand installations (or two tests)
/// whose stores both have a task #1 made in the same millisecond do not share a trace. Every execution — a resume on
/// another worker after a crash, the run after a question is answered, a retry, a follow-up — computes the same id and
/// starts its root span in that trace, so a trace viewer shows them side by side.
/// </summary>
public static class TaskTrace
{
    /// <summary>The trace id of the task.</summary>
    /// <param name="installation">The installation id of the task's store (<c>IErrandStore.InstallationIdAsync</c>).</param>
    /// <param name="task">The task.</param>
    public static ActivityTraceId TraceIdOf(string installation, TaskRecord task)
    {
        var length = sizeof(long) * 2 + Encoding.UTF8.GetByteCount(installation);
        Span<byte> input = length <= 256 ? stackalloc byte[length] : new byte[length];
        BinaryPrimitives.WriteInt64BigEndian(input, task.Id);

        // Milliseconds: what every store keeps of a timestamp, so the id is the same whichever read of the task it comes from.
        BinaryPrimitives.WriteInt64BigEndian(input[sizeof(long)..], task.CreatedAt.ToUnixTimeMilliseconds());
        Encoding.UTF8.GetBytes(installation, input[(sizeof(long) * 2)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return ActivityTraceId.CreateFromBytes(hash[..16]);
    }

    /// <summary>
    /// The parent an execution's root span starts from: the task's trace, with no parent span (exporters show the
    /// span as a root) and sampled, since a parent-based sampler would otherwise drop every execution.
    /// </summary>
    public static ActivityContext ParentOf(string installation, TaskRecord task) =>
        new(TraceIdOf(installation, task), default, ActivityTraceFlags.Recorded);
}
