namespace Errand.Storage;

/// <summary>A pending outbox row, as handed to a dispatcher.</summary>
/// <param name="Id">Store id.</param>
/// <param name="TaskId">The task whose change caused it.</param>
/// <param name="Message">The message.</param>
/// <param name="Attempts">Delivery attempts made so far.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record OutboxItem(long Id, long? TaskId, OutboxMessage Message, int Attempts, DateTimeOffset CreatedAt);
