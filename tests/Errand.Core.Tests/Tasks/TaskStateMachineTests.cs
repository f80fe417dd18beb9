using Errand.Tasks;

namespace Errand.Core.Tests.Tasks;

public sealed class TaskStateMachineTests
{
    [Theory]
    [InlineData(TaskState.Queued, TaskState.Running, true)]
    [InlineData(TaskState.Queued, TaskState.Succeeded, false)]
    [InlineData(TaskState.Running, TaskState.Succeeded, true)]
    [InlineData(TaskState.Running, TaskState.Queued, true)]
    [InlineData(TaskState.Running, TaskState.WaitingForHuman, true)]
    [InlineData(TaskState.WaitingForHuman, TaskState.Running, false)]
    [InlineData(TaskState.WaitingForHuman, TaskState.Queued, true)]
    [InlineData(TaskState.RetryBackoff, TaskState.Queued, true)]
    [InlineData(TaskState.Succeeded, TaskState.Running, false)]
    [InlineData(TaskState.Failed, TaskState.Queued, true)]
    [InlineData(TaskState.Cancelled, TaskState.Succeeded, false)]
    [InlineData(TaskState.Partial, TaskState.Queued, true)]
    public void CanMove_Table_MatchesLifecycle(TaskState from, TaskState to, bool expected) =>
        Assert.Equal(expected, TaskStateMachine.CanMove(from, to));

    [Fact]
    public void EnsureCanMove_IllegalMove_ThrowsNamingBothStates()
    {
        var ex = Assert.Throws<InvalidTaskTransitionException>(() => TaskStateMachine.EnsureCanMove(TaskState.Succeeded, TaskState.Running));
        Assert.Contains("succeeded", ex.Message, StringComparison.Ordinal);
        Assert.Contains("running", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_States_CannotReachRunningDirectly()
    {
        foreach (var state in Enum.GetValues<TaskState>().Where(s => s.IsTerminal()))
        {
            Assert.False(TaskStateMachine.CanMove(state, TaskState.Running));
        }
    }

    [Theory]
    [InlineData("queued", TaskState.Queued)]
    [InlineData("waiting_for_human", TaskState.WaitingForHuman)]
    [InlineData("RETRY_BACKOFF", TaskState.RetryBackoff)]
    public void TryParse_WireNames_RoundTrip(string name, TaskState expected)
    {
        Assert.True(TaskStates.TryParse(name, out var state));
        Assert.Equal(expected, state);
        Assert.Equal(name.ToLowerInvariant(), state.ToWireName());
    }

    [Theory]
    [InlineData("")]
    [InlineData("done")]
    [InlineData(null)]
    public void TryParse_Unknown_ReturnsFalse(string? name) => Assert.False(TaskStates.TryParse(name, out _));
}
