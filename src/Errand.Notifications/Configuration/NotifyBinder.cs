using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Binds the <c>notify:</c> section.</summary>
internal static class NotifyBinder
{
    private static readonly string[] Fields = ["public_url", "default", "stuck_after", "channels", "delivery"];
    private static readonly string[] DeliveryFields = ["max_attempts", "first_retry", "max_retry", "timeout", "parallelism"];

    public static NotifyConfig? Bind(YamlNode node, ConfigReader reader)
    {
        if (ConfigReader.IsNull(node))
        {
            return new NotifyConfig();
        }

        var entries = reader.Mapping(node, "notify", Fields);
        if (entries is null)
        {
            return null;
        }

        var config = new NotifyConfig();
        var written = new HashSet<string>(StringComparer.Ordinal);
        (List<string> Names, YamlNode Node)? defaults = null;
        foreach (var (key, _, value) in entries)
        {
            switch (key)
            {
                case "public_url":
                    if (reader.HttpUrl(value, "notify.public_url") is { } url)
                    {
                        config = config with { PublicUrl = url };
                    }

                    break;
                case "default":
                    if (ConfigReader.IsNull(value))
                    {
                        break;
                    }

                    if (reader.Strings(value, "notify.default", "a channel name") is { } names)
                    {
                        defaults = (names, value);
                        config = config with { Default = [.. names.Distinct(StringComparer.Ordinal)] };
                    }

                    break;
                case "stuck_after":
                    if (reader.Duration(value, "notify.stuck_after") is { } stuck)
                    {
                        config = config with { StuckAfter = stuck };
                    }

                    break;
                case "channels":
                    config = config with { Channels = BindChannels(value, reader, written) };
                    break;
                default:
                    config = config with { Delivery = BindDelivery(value, reader) };
                    break;
            }
        }

        if (defaults is var (defaultNames, defaultNode))
        {
            // A channel written but wrong is reported where it is wrong, not again here.
            foreach (var name in defaultNames.Where(n => !written.Contains(n)))
            {
                reader.Error(defaultNode, "notify.default",
                    $"no channel named '{name}' in notify.channels{ConfigReader.Suggestion(name, [.. written], "the channels are")}");
            }
        }

        return config;
    }

    private static Dictionary<string, ChannelConfig> BindChannels(YamlNode node, ConfigReader reader, HashSet<string> written)
    {
        var channels = new Dictionary<string, ChannelConfig>(StringComparer.Ordinal);
        if (ConfigReader.IsNull(node) || reader.Mapping(node, "notify.channels", known: null) is not { } entries)
        {
            return channels;
        }

        foreach (var (name, keyNode, value) in entries)
        {
            written.Add(name);
            if (ChannelBinder.Bind(name, keyNode, value, reader) is { } channel)
            {
                channels[name] = channel;
            }
        }

        return channels;
    }

    private static DeliveryOptions BindDelivery(YamlNode node, ConfigReader reader)
    {
        var options = new DeliveryOptions();
        if (ConfigReader.IsNull(node) || reader.Mapping(node, "notify.delivery", DeliveryFields) is not { } entries)
        {
            return options;
        }

        foreach (var (key, _, value) in entries)
        {
            var path = $"notify.delivery.{key}";
            options = key switch
            {
                "max_attempts" => reader.Number(value, path, 1, 100) is { } n ? options with { MaxAttempts = n } : options,
                "first_retry" => reader.Duration(value, path) is { } d ? options with { FirstRetry = d } : options,
                "max_retry" => reader.Duration(value, path) is { } d ? options with { MaxRetry = d } : options,
                "timeout" => reader.Duration(value, path) is { } d ? options with { Timeout = d } : options,
                _ => reader.Number(value, path, 1, 64) is { } n ? options with { Parallelism = n } : options,
            };
        }

        if (options.MaxRetry < options.FirstRetry)
        {
            reader.Error(node, "notify.delivery.max_retry",
                $"must be at least first_retry ({options.FirstRetry}), not {options.MaxRetry}");
        }

        return options;
    }
}
