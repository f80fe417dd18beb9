using Errand.Tasks;

namespace Errand.Storage;

/// <summary>A task a worker has just claimed, with the lease it must present on every write.</summary>
/// <param name="Task">The task as of the claim (state running, attempt raised).</param>
/// <param name="Lease">The lease and its fencing token.</param>
public sealed record TaskClaim(TaskRecord Task, LeaseToken Lease);
