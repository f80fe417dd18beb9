using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Binds one entry of <c>notify.channels</c>: its type, its events, and that type's settings.</summary>
internal static partial class ChannelBinder
{
    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.Ordinal)
    {
        [ChannelTypes.Webhook] = ["type", "events", "url", "url_secret", "secret"],
        [ChannelTypes.Slack] = ["type", "events", "url_secret"],
        [ChannelTypes.Ntfy] = ["type", "events", "url", "url_secret", "token_secret", "priority", "tags"],
        [ChannelTypes.Email] = ["type", "events", "host", "port", "security", "user", "password_secret", "from", "to"],
    };

    private static readonly string[] Priorities = ["min", "low", "default", "high", "urgent"];
    private static readonly string[] Securities = ["none", "starttls", "ssl"];

    public static ChannelConfig? Bind(string name, YamlNode keyNode, YamlNode node, ConfigReader reader)
    {
        var path = $"notify.channels.{name}";
        if (!NamePattern().IsMatch(name))
        {
            reader.Error(keyNode, path, $"'{name}' cannot be a channel's name: use letters, digits, '-', '_' and '.'");
            return null;
        }

        var entries = reader.Mapping(node, path, known: null);
        if (entries is null)
        {
            return null;
        }

        var typeEntry = entries.Find(e => e.Key == "type");
        if (typeEntry.Value is null)
        {
            reader.Error(keyNode, path, $"needs a type: add 'type: {string.Join("|", ChannelTypes.All)}'");
            return null;
        }

        var type = reader.String(typeEntry.Value, $"{path}.type", string.Join(", ", ChannelTypes.All));
        if (type is null)
        {
            return null;
        }

        if (!FieldsByType.TryGetValue(type, out var known))
        {
            reader.Error(typeEntry.Value, $"{path}.type",
                $"'{type}' is not a channel type{ConfigReader.Suggestion(type, ChannelTypes.All, "the types are")}");
            return null;
        }

        var fields = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, keyOf, value) in entries)
        {
            if (type == ChannelTypes.Slack && key == "url")
            {
                reader.Error(keyOf, $"{path}.url", "a Slack webhook URL is a credential: store it with `errand secret set SLACK_WEBHOOK_URL` "
                    + "and write 'url_secret: SLACK_WEBHOOK_URL' instead");
            }
            else if (!known.Contains(key))
            {
                reader.Error(keyOf, $"{path}.{key}", $"unknown field '{key}' for a {type} channel{ConfigReader.Suggestion(key, known)}");
            }
            else
            {
                fields[key] = (keyOf, value);
            }
        }

        var context = new ChannelFields(name, path, keyNode, fields, reader);
        ChannelConfig? channel = type switch
        {
            ChannelTypes.Webhook => Webhook(context),
            ChannelTypes.Slack => context.Secret("url_secret", required: !entries.Exists(e => e.Key == "url")) is { } url ? new SlackChannelConfig(name, url) : null,
            ChannelTypes.Ntfy => Ntfy(context),
            _ => Email(context),
        };
        var events = Events(context);
        return channel is null || events is null ? null : channel with { Events = events };
    }

    private static WebhookChannelConfig? Webhook(ChannelFields fields)
    {
        var url = fields.Url();
        var key = fields.Secret("secret", required: true);
        return url is null || key is null ? null : new WebhookChannelConfig(fields.Name, url, key);
    }

    private static NtfyChannelConfig? Ntfy(ChannelFields fields)
    {
        var url = fields.Url();
        var token = fields.Secret("token_secret", required: false);
        var priorities = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        if (fields.Get("priority") is { } priority)
        {
            ok = BindPriorities(fields, priority, priorities);
        }

        List<string> tags = [];
        if (fields.Get("tags") is { } tagsNode && fields.Reader.Strings(tagsNode, $"{fields.Path}.tags", "a tag") is { } read)
        {
            tags = read;
        }

        return url is null || !ok ? null : new NtfyChannelConfig(fields.Name, url) { TokenSecret = token, Priorities = priorities, Tags = tags };
    }

    // 'priority: high' sets every event; a mapping sets some ('priority: {stuck: urgent, succeeded: low}').
    private static bool BindPriorities(ChannelFields fields, YamlNode node, Dictionary<string, string> priorities)
    {
        var path = $"{fields.Path}.priority";
        if (node is YamlScalarNode)
        {
            var level = Level(fields.Reader, node, path);
            foreach (var e in NotificationEvents.All)
            {
                priorities[e] = level ?? "default";
            }

            return level is not null;
        }

        if (fields.Reader.Mapping(node, path, NotificationEvents.All) is not { } entries)
        {
            return false;
        }

        var ok = true;
        foreach (var (key, _, value) in entries)
        {
            if (Level(fields.Reader, value, $"{path}.{key}") is { } level)
            {
                priorities[key] = level;
            }
            else
            {
                ok = false;
            }
        }

        return ok;
    }

    private static string? Level(ConfigReader reader, YamlNode node, string path)
    {
        var text = reader.String(node, path, $"a priority ({string.Join(", ", Priorities)})");
        if (text is null || Priorities.Contains(text))
        {
            return text;
        }

        reader.Error(node, path, $"'{text}' is not an ntfy priority{ConfigReader.Suggestion(text, Priorities, "the priorities are")}");
        return null;
    }

    private static EmailChannelConfig? Email(ChannelFields fields)
    {
        var reader = fields.Reader;
        var host = fields.Required("host", "the SMTP server's host name");
        var security = SmtpSecurity.StartTls;
        var ok = true;
        if (fields.Get("security") is { } securityNode)
        {
            var text = reader.String(securityNode, $"{fields.Path}.security", string.Join(", ", Securities));
            security = text switch
            {
                "none" => SmtpSecurity.None,
                "starttls" => SmtpSecurity.StartTls,
                "ssl" => SmtpSecurity.Ssl,
                _ => security,
            };
            if (text is not null && !Securities.Contains(text))
            {
                reader.Error(securityNode, $"{fields.Path}.security",
                    $"'{text}' is not an SMTP security mode{ConfigReader.Suggestion(text, Securities, "the modes are")}");
            }

            ok = text is not null && Securities.Contains(text);
        }

        var port = security switch { SmtpSecurity.None => 25, SmtpSecurity.Ssl => 465, _ => 587 };
        if (fields.Get("port") is { } portNode)
        {
            var read = reader.Number(portNode, $"{fields.Path}.port", 1, 65535);
            ok &= read is not null;
            port = read ?? port;
        }

        var from = fields.Required("from", "the sender's address");
        List<string>? to = null;
        if (fields.Get("to") is { } toNode)
        {
            to = reader.Strings(toNode, $"{fields.Path}.to", "an email address");
        }
        else
        {
            reader.Error(fields.KeyNode, fields.Path, "needs 'to:', the address (or list of addresses) to send to");
        }

        string? user = null;
        if (fields.Get("user") is { } userNode)
        {
            user = reader.String(userNode, $"{fields.Path}.user", "the SMTP user name");
            ok &= user is not null;
        }

        var password = fields.Secret("password_secret", required: user is not null);
        if (user is null && password is not null)
        {
            reader.Error(fields.Get("password_secret")!, $"{fields.Path}.password_secret", "is set without 'user:'; add the SMTP user name");
            ok = false;
        }

        return !ok || host is null || from is null || to is null || (user is not null && password is null)
            ? null
            : new EmailChannelConfig(fields.Name, host, port, security, from, to) { User = user, PasswordSecret = password };
    }

    private static HashSet<string>? Events(ChannelFields fields)
    {
        var all = new HashSet<string>(NotificationEvents.All, StringComparer.Ordinal);
        if (fields.Get("events") is not { } node)
        {
            return all;
        }

        var path = $"{fields.Path}.events";
        if (fields.Reader.Strings(node, path, "an event name") is not { } names)
        {
            return null;
        }

        var events = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (all.Contains(name))
            {
                events.Add(name);
            }
            else
            {
                fields.Reader.Error(node, path, $"'{name}' is not an event{ConfigReader.Suggestion(name, NotificationEvents.All, "the events are")}");
                return null;
            }
        }

        return events;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
