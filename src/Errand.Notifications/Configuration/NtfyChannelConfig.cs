namespace Errand.Notifications.Configuration;

/// <summary>An ntfy topic: a push with a title, a priority, tags and a click link.</summary>
public sealed record NtfyChannelConfig(string Name, ConfiguredUrl Url) : ChannelConfig(Name)
{
    /// <summary>The secret holding an access token, sent as a bearer token; none when null.</summary>
    public string? TokenSecret { get; init; }

    /// <summary>Priorities by event (min, low, default, high, urgent), over the defaults: needs_input and failed high.</summary>
    public IReadOnlyDictionary<string, string> Priorities { get; init; } = new Dictionary<string, string>();

    /// <summary>Tags added to every push, after the event's own.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <inheritdoc/>
    public override string Type => ChannelTypes.Ntfy;
}
