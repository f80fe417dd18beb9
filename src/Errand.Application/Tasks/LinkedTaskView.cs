namespace Errand.Application.Tasks;

/// <summary>A prerequisite or dependant of a task, as <c>errand show</c> lists it.</summary>
/// <param name="Id">The task.</param>
/// <param name="Name">Its name, if it has one.</param>
/// <param name="State">Its state now.</param>
public sealed record LinkedTaskView(long Id, string? Name, string State)
{
    /// <inheritdoc/>
    public override string ToString() => Name is null ? $"#{Id} {State}" : $"#{Id} ({Name}) {State}";
}
