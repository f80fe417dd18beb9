using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds <c>deliver: { branch, push }</c>; both values reach git, so both are checked as git would and more.</summary>
internal static partial class DeliverBinder
{
    private static readonly IReadOnlyList<string> Fields = ["branch", "push"];

    public static DeliverSpec Bind(YamlNode node, FieldReader reader)
    {
        var deliver = new DeliverSpec();
        foreach (var (key, value) in reader.Mapping(node, "deliver", Fields, "{ branch: errand/fix-date, push: origin }") ?? [])
        {
            deliver = key == "branch"
                ? deliver with { Branch = Branch(value, reader) }
                : deliver with { Push = Remote(value, reader) };
        }

        return deliver;
    }

    private static string? Branch(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "deliver.branch", "a branch name such as errand/fix-date") is not { } branch)
        {
            return null;
        }

        if (GitRefName.Problem(branch, branch: true) is not { } problem)
        {
            return branch;
        }

        reader.Context.Error(SpecCodes.BadBranch, node, "deliver.branch",
            $"branch '{YamlNodes.Shorten(branch)}' {problem}; use letters, digits, '-', '_', '.' and '/', e.g. errand/fix-date");
        return null;
    }

    private static string? Remote(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "deliver.push", "a remote name such as origin") is not { } remote)
        {
            return null;
        }

        if (RemoteName().IsMatch(remote) && !remote.Contains("..", StringComparison.Ordinal) && !remote.EndsWith(".lock", StringComparison.Ordinal))
        {
            return remote;
        }

        var problem = remote.StartsWith('-')
            ? "starts with '-', which git would read as an option"
            : "is not a remote name";
        reader.Context.Error(SpecCodes.BadRemote, node, "deliver.push",
            $"remote '{YamlNodes.Shorten(remote)}' {problem}; give the name of a git remote such as origin "
            + "(letters, digits, '-', '_' and '.')");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RemoteName();
}
