namespace Errand.Storage;

/// <summary>A notification to deliver at least once, written in the same transaction as its cause.</summary>
/// <param name="Key">Idempotency key, unique in the outbox; a second message with the same key is ignored.</param>
/// <param name="Channel">The configured channel name to deliver to.</param>
/// <param name="Event">The event name (succeeded, failed, needs_input, ...).</param>
/// <param name="PayloadJson">The message body as JSON.</param>
public sealed record OutboxMessage(string Key, string Channel, string Event, string PayloadJson);
