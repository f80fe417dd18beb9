using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Errand.Fleets;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Core.Tests.Json;

public sealed class ErrandJsonTests
{
    private const string RichSpec = """
        ---
        title: Fix the flaky ISO date test
        repo: .
        base: main
        agent: builtin
        model: openai/gpt-5-mini
        setup: [dotnet restore]
        verify:
          attempts: 3
          checks:
            - dotnet test --filter DateParser
            - { name: lint, run: dotnet format --verify-no-changes, timeout: 5m }
        protect: [tests/**]
        budget: { time: 30m, steps: 80, tokens: 400k, cost: 2.00 }
        sandbox: { network: { allow: [api.example.com] } }
        secrets: [NUGET_TOKEN]
        approvals: [push, "network:*.example.org"]
        notify: [team-slack]
        deliver: { branch: errand/flaky-date, push: origin }
        name: date-fix
        after: [12, lint-all]
        on_prerequisite_failure: skip
        ---
        `DateParserTests.ParsesIso` fails about 1 run in 10 on CI. Find the cause and fix it.

        ## Done when
        - the test passes 20 runs in a row
        - "format is clean"

        """;

    // The options as they were before the compile-time metadata: everything by reflection.
    private static readonly JsonSerializerOptions Reflection = new(ErrandJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void Options_TaskSpecAndResult_ComeFromCompileTimeMetadata()
    {
        Assert.IsAssignableFrom<JsonSerializerContext>(ErrandJson.Options.GetTypeInfo(typeof(TaskSpec)).OriginatingResolver);
        Assert.IsAssignableFrom<JsonSerializerContext>(ErrandJson.Options.GetTypeInfo(typeof(TaskResult)).OriginatingResolver);
        Assert.IsNotAssignableFrom<JsonSerializerContext>(ErrandJson.Options.GetTypeInfo(typeof(TaskRecord)).OriginatingResolver);
    }

    [Fact]
    public void Serialize_RichSpec_SameJsonAsByReflection()
    {
        var spec = Spec() with
        {
            FollowUps = [new FollowUp("also fix the parser's docs", "abc123", 2, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture))],
        };

        var json = TaskSpecJson.Serialize(spec);

        Assert.Equal(JsonSerializer.Serialize(spec, Reflection), json);
        Assert.Contains("\"on_prerequisite_failure\":\"skip\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_SpecStoredByReflection_ReadsBackTheSame()
    {
        var stored = JsonSerializer.Serialize(Spec(), Reflection);

        var read = TaskSpecJson.Deserialize(stored);

        Assert.Equal(stored, JsonSerializer.Serialize(read, Reflection));
    }

    [Fact]
    public void SerializeAndDeserialize_RichResult_SameJsonAsByReflection()
    {
        var result = new TaskResult
        {
            Summary = "all 2 checks passed",
            Branch = "errand/flaky-date",
            BaseCommit = "0123456789abcdef",
            HeadCommit = "fedcba9876543210",
            DiffStat = new DiffStat(1, 3, 1, [new FileChange("src/DateParser.cs", 3, 1)]),
            Checks = [new CheckResult("test", "dotnet test", 0, TimeSpan.FromSeconds(12.5), "Passed!"), new CheckResult("lint", "dotnet format", 1, TimeSpan.FromSeconds(2), "x") { TimedOut = true }],
            VerifyRounds = 2,
            ProtectViolations = ["tests/a.cs"],
            DoneWhen = [new DoneWhenEvidence("the test passes", "test", "proven")],
            AgentSummary = "fixed the offset parsing",
            Duration = TimeSpan.FromMinutes(3),
            Workspace = "worktree",
            Fleet = new FleetReport(7, "report") { Succeeded = 3, CostUsd = 1.25m, KeptForReview = ["errand/a"] },
        };

        var json = ErrandJson.Serialize(result);

        Assert.Equal(JsonSerializer.Serialize(result, Reflection), json);
        Assert.Equal(json, JsonSerializer.Serialize(ErrandJson.Deserialize<TaskResult>(json), Reflection));
    }

    private static TaskSpec Spec()
    {
        var parsed = SpecParser.Parse(RichSpec, "task.md");
        Assert.DoesNotContain(parsed.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return parsed.Spec!;
    }
}
