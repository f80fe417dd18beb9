using System.Text.RegularExpressions;
using Errand.Secrets;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>The string-or-list fields: setup, after, protect, secrets, approvals, notify.</summary>
internal static partial class ListFields
{
    /// <summary>The approval rules, as written in messages.</summary>
    public static readonly IReadOnlyList<string> ApprovalForms = ["push", "budget", "network:<host>", "command:<glob>"];

    /// <summary>Non-empty strings with no further rule.</summary>
    public static IReadOnlyList<string> Plain(YamlNode node, string field, string expected, FieldReader reader) =>
        [.. (reader.Strings(node, field, expected) ?? []).Select(i => i.Value)];

    public static IReadOnlyList<string> Protect(YamlNode node, FieldReader reader) =>
        [.. Checked(node, "protect", "a path or glob such as tests/**", reader, (item, context) =>
        {
            if (ProtectGlob.Problem(item.Value) is not { } problem)
            {
                return true;
            }

            context.Error(SpecCodes.BadGlob, item.Node, item.Path, $"protect '{YamlNodes.Shorten(item.Value)}' {problem}");
            return false;
        }).Select(item => item.Value)];

    public static IReadOnlyList<string> Secrets(YamlNode node, FieldReader reader) =>
        Unique(Checked(node, "secrets", "an environment variable name such as NUGET_TOKEN", reader, (item, context) =>
        {
            if (EnvironmentName().IsMatch(item.Value))
            {
                if (SecretName.ReservedReason(item.Value) is not { } reserved)
                {
                    return true;
                }

                context.Error(SpecCodes.ReservedSecretName, item.Node, item.Path, $"secret '{item.Value}' cannot be injected: {reserved}");
                return false;
            }

            var upper = item.Value.ToUpperInvariant().Replace('-', '_');
            var hint = EnvironmentName().IsMatch(upper) ? $" — did you mean '{upper}'?" : "";
            context.Error(SpecCodes.BadSecretName, item.Node, item.Path,
                $"secret '{YamlNodes.Shorten(item.Value)}' is not an environment variable name (capital letters, digits and _, "
                + $"not starting with a digit){hint}");
            return false;
        }), "secret", reader);

    public static IReadOnlyList<string> Approvals(YamlNode node, FieldReader reader) =>
        Unique(Checked(node, "approvals", "an approval rule such as push", reader, (item, context) =>
        {
            var value = item.Value;
            if (value is "push" or "budget")
            {
                return true;
            }

            if (value.StartsWith("network:", StringComparison.Ordinal))
            {
                if (HostName.Problem(value["network:".Length..]) is not { } problem)
                {
                    return true;
                }

                context.Error(SpecCodes.BadApproval, item.Node, item.Path, $"approval '{YamlNodes.Shorten(value)}': the host {problem}");
                return false;
            }

            if (value.StartsWith("command:", StringComparison.Ordinal) && value["command:".Length..].Trim().Length > 0)
            {
                return true;
            }

            var known = new[] { "push", "budget", "network:", "command:" };
            var head = value.Contains(':', StringComparison.Ordinal) ? value[..(value.IndexOf(':', StringComparison.Ordinal) + 1)] : value;
            context.Error(SpecCodes.BadApproval, item.Node, item.Path,
                $"unknown approval rule '{YamlNodes.Shorten(value)}'{DidYouMean.Hint(head, known)} "
                + $"(rules: {string.Join(", ", ApprovalForms)})");
            return false;
        }), "approval", reader);

    public static IReadOnlyList<string> Notify(YamlNode node, FieldReader reader) =>
        Unique(Checked(node, "notify", "a channel name such as team-slack", reader, (item, context) =>
        {
            if (ChannelName().IsMatch(item.Value))
            {
                return true;
            }

            context.Error(SpecCodes.BadChannel, item.Node, item.Path,
                $"channel '{YamlNodes.Shorten(item.Value)}' is not a channel name: lower-case letters, digits, '-' and '_', "
                + "e.g. team-slack");
            return false;
        }), "channel", reader);

    private static List<ListItem> Checked(
        YamlNode node, string field, string expected, FieldReader reader, Func<ListItem, SpecContext, bool> accept) =>
        [.. (reader.Strings(node, field, expected) ?? []).Where(item => accept(item, reader.Context))];

    // A repeated name is almost always a copy-paste slip; say so rather than quietly collapse it.
    private static IReadOnlyList<string> Unique(List<ListItem> items, string what, FieldReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var item in items)
        {
            if (seen.Add(item.Value))
            {
                result.Add(item.Value);
            }
            else
            {
                reader.Context.Error(SpecCodes.DuplicateEntry, item.Node, item.Path,
                    $"{what} '{YamlNodes.Shorten(item.Value)}' is listed twice; remove one");
            }
        }

        return result;
    }

    [GeneratedRegex(@"^[A-Z_][A-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelName();
}
