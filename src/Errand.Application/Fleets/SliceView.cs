using Errand.Fleets;
using Errand.Tasks;

namespace Errand.Application.Fleets;

/// <summary>One slice of a fleet, as <c>--json</c> prints it and the API sends it.</summary>
/// <param name="Index">Its position in the fleet (from 0).</param>
/// <param name="Value">The value it was made from (a file, a package, an attempt number).</param>
/// <param name="State">The slice's state.</param>
/// <param name="TaskId">Its task, once released.</param>
/// <param name="TaskState">Its task's state.</param>
/// <param name="Title">Its task's title (data: shown as text).</param>
/// <param name="Reason">Why it ended as it did.</param>
public sealed record SliceView(int Index, string Value, string State, long? TaskId, string? TaskState, string Title, string? Reason)
{
    /// <summary>The view of a stored slice.</summary>
    /// <param name="slice">The slice.</param>
    public static SliceView From(FleetSliceRecord slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new(slice.Index, slice.Value, slice.State.ToWireName(), slice.TaskId, slice.TaskState?.ToWireName(), slice.Title, slice.Reason);
    }
}
