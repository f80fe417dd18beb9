namespace Errand.Notifications.Channels;

/// <summary>
/// A channel cannot send until a person fixes its setup (a secret not set, a secret that holds no URL): trying again
/// cannot help, so the notification is given up at once. The message says what to fix, never a secret's value.
/// </summary>
public sealed class ChannelSetupException(string message) : Exception(message)
{
    /// <summary>The secret <paramref name="name"/> is not set.</summary>
    public static ChannelSetupException SecretNotSet(string name) =>
        new($"secret {name} is not set: set it with `errand secret set {name}`, then `errand notify retry`");
}
