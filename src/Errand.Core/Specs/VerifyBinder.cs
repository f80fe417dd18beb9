using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>
/// Binds <c>verify</c> in its three forms: one command (<c>verify: dotnet test</c>), a list of commands or
/// <c>{ name, run, timeout }</c> checks, or <c>{ attempts, checks }</c> with such a list.
/// </summary>
internal static class VerifyBinder
{
    public const int MaxAttempts = 10;

    private static readonly IReadOnlyList<string> MapFields = ["checks", "attempts"];
    private static readonly IReadOnlyList<string> CheckFields = ["run", "name", "timeout"];

    public static VerifySpec Bind(YamlNode node, FieldReader reader)
    {
        if (node is YamlMappingNode)
        {
            var verify = new VerifySpec();
            foreach (var (key, value) in reader.Mapping(node, "verify", MapFields, "{ attempts: 3, checks: [dotnet test] }") ?? [])
            {
                verify = key == "attempts"
                    ? verify with { Attempts = reader.Number(value, "verify.attempts", 1, MaxAttempts) ?? 1 }
                    : verify with { Checks = Checks(value, "verify.checks", reader) };
            }

            return verify;
        }

        return new VerifySpec { Checks = Checks(node, "verify", reader) };
    }

    private static IReadOnlyList<CheckSpec> Checks(YamlNode node, string path, FieldReader reader)
    {
        var checks = new List<(CheckSpec Check, YamlNode Node, string Path)>();
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var item in sequence.Children)
            {
                var itemPath = $"{path}[{index++}]";
                reader.Context.Record(itemPath, item.Start);
                if (Check(item, itemPath, reader) is { } check)
                {
                    checks.Add((check, item, itemPath));
                }
            }
        }
        else if (node is YamlScalarNode && !YamlNodes.IsNull(node))
        {
            if (reader.NonEmptyString(node, path, "a shell command") is { } run)
            {
                checks.Add((new CheckSpec(DefaultName(run), run), node, path));
            }
        }
        else
        {
            reader.ReportShape(node, path, "a shell command, or a list of commands or { name, run, timeout } checks");
        }

        // "Done when" lines are mapped to checks by name; two checks with one name would make that ambiguous.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (check, at, checkPath) in checks.Where(c => !seen.Add(c.Check.Name)))
        {
            reader.Context.Error(SpecCodes.DuplicateEntry, at, checkPath,
                $"two checks are named '{YamlNodes.Shorten(check.Name)}'; give each check its own name");
        }

        return [.. checks.Select(c => c.Check)];
    }

    private static CheckSpec? Check(YamlNode node, string path, FieldReader reader)
    {
        if (node is not YamlMappingNode)
        {
            return reader.NonEmptyString(node, path, "a shell command or a { name, run, timeout } check") is { } line
                ? new CheckSpec(DefaultName(line), line)
                : null;
        }

        string? name = null;
        string? run = null;
        TimeSpan? timeout = null;
        var hasRun = false;
        foreach (var (key, value) in reader.Mapping(node, path, CheckFields, "{ name: tests, run: dotnet test }") ?? [])
        {
            switch (key)
            {
                case "run":
                    hasRun = true;
                    run = reader.NonEmptyString(value, $"{path}.run", "a shell command");
                    break;
                case "name":
                    name = reader.NonEmptyString(value, $"{path}.name", "a short name")?.Trim();
                    break;
                default:
                    timeout = reader.Duration(value, $"{path}.timeout");
                    break;
            }
        }

        if (!hasRun && !reader.Context.HasErrorsUnder(path))
        {
            reader.Context.Error(SpecCodes.MissingField, node, $"{path}.run",
                "a check needs 'run: <shell command>'; exit code 0 passes it");
        }

        return run is null ? null : new CheckSpec(name ?? DefaultName(run), run) { Timeout = timeout };
    }

    // The name a report shows when none is given: the command itself, or its first line for a script.
    private static string DefaultName(string run)
    {
        var lines = run.Trim().ReplaceLineEndings("\n").Split('\n');
        return lines.Length == 1 ? lines[0] : lines[0].TrimEnd() + " …";
    }
}
