namespace Errand.Storage;

/// <summary>Where an outbox row stands.</summary>
public enum OutboxState
{
    /// <summary>Not delivered yet and no attempt has failed.</summary>
    Pending,

    /// <summary>Not delivered yet: an attempt failed and another is due at the row's next attempt time.</summary>
    Retrying,

    /// <summary>Delivered; never sent again.</summary>
    Delivered,

    /// <summary>Given up after the retry limit (or a permanent failure); sent again only when retried by hand.</summary>
    Dead,
}
