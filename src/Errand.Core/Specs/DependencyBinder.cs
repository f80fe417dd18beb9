using Errand.Dependencies;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>The dependency fields: <c>name</c>, <c>after</c> and <c>on_prerequisite_failure</c>.</summary>
internal static class DependencyBinder
{
    public static string? Name(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "name", "a task name such as build-api") is not { } name)
        {
            return null;
        }

        name = name.Trim();
        if (TaskName.IsValid(name))
        {
            return name;
        }

        reader.Context.Error(SpecCodes.BadTaskName, node, "name", $"name '{YamlNodes.Shorten(name)}' is not a task name: {TaskName.Rule}");
        return null;
    }

    /// <summary>The refs as written (trimmed), each checked to be an id or a name, none twice.</summary>
    public static IReadOnlyList<string> After(YamlNode node, FieldReader reader)
    {
        var refs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in reader.Strings(node, "after", "a task id (12) or a task name") ?? [])
        {
            if (TaskRef.Parse(item.Value, out var problem) is not { } parsed)
            {
                reader.Context.Error(SpecCodes.BadPrerequisite, item.Node, item.Path, $"after '{YamlNodes.Shorten(item.Value)}' {problem}");
                continue;
            }

            if (!seen.Add(parsed.ToString()))
            {
                reader.Context.Error(SpecCodes.DuplicateEntry, item.Node, item.Path, $"after lists '{parsed}' twice");
                continue;
            }

            refs.Add(item.Value.Trim());
        }

        return refs;
    }

    public static string Policy(YamlNode node, FieldReader reader) =>
        HumanLoopBinder.Choice(node, "on_prerequisite_failure", PrerequisitePolicies.All,
            "'fail' fails this task when a task it waits for fails, 'skip' cancels it", reader) ?? PrerequisitePolicies.Fail;
}
