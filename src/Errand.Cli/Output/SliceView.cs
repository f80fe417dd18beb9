using Errand.Fleets;
using Errand.Tasks;

namespace Errand.Cli.Output;

/// <summary>One slice as <c>--json</c> prints it.</summary>
internal sealed record SliceView(int Index, string Value, string State, long? TaskId, string? TaskState, string Title, string? Reason)
{
    public static SliceView From(FleetSliceRecord slice) =>
        new(slice.Index, slice.Value, slice.State.ToWireName(), slice.TaskId, slice.TaskState?.ToWireName(), slice.Title, slice.Reason);
}
