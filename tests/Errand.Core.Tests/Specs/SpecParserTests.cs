using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed partial class SpecParserTests
{
    // The example from DESIGN.md ("Task spec"), verbatim.
    private const string DesignExample = """
        ---
        title: Fix the flaky ISO date test
        repo: .                      # a local path or a git URL
        base: main
        agent: builtin               # builtin | claude-code | codex | command | ...
        model: openai/gpt-5-mini      # provider/model; any OpenAI-compatible endpoint works
        verify:
          - dotnet test --filter DateParser
        protect: [tests/**]          # paths the agent may not change
        budget: { time: 30m, steps: 80, tokens: 400k, cost: 2.00 }
        sandbox: { network: none }   # none | allow: [hosts] | open
        secrets: [NUGET_TOKEN]       # injected as env vars, redacted everywhere
        approvals: [push]            # actions that wait for a human
        notify: [team-slack]
        deliver: { branch: errand/flaky-date, push: origin }
        ---
        `DateParserTests.ParsesIso` fails about 1 run in 10 on CI. Find the cause and fix it.

        ## Done when
        - the test passes 20 runs in a row

        """;

    private const string Instruction = "Fix the date parser so that ISO dates with offsets parse.";

    internal static string Spec(string yaml, string body = Instruction + "\n\n## Done when\n- the parser test passes\n") =>
        "---\n" + yaml + (yaml.EndsWith('\n') ? "" : "\n") + "---\n" + body;

    internal static SpecParseResult Parse(string yaml) => SpecParser.Parse(Spec(yaml), "task.md");

    [Fact]
    public void Parse_DesignExample_BindsEveryField()
    {
        var result = SpecParser.Parse(DesignExample, "task.md");

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(result.Diagnostics);
        var spec = Assert.IsType<TaskSpec>(result.Spec);
        Assert.Equal("Fix the flaky ISO date test", spec.Title);
        Assert.Equal(".", spec.Repo);
        Assert.Equal("main", spec.Base);
        Assert.Equal(AgentNames.Builtin, spec.Agent);
        Assert.Equal("openai/gpt-5-mini", spec.Model);
        Assert.Null(spec.Command);
        Assert.Empty(spec.Setup);
        var check = Assert.Single(spec.Verify.Checks);
        Assert.Equal(new CheckSpec("dotnet test --filter DateParser", "dotnet test --filter DateParser"), check);
        Assert.Equal(1, spec.Verify.Attempts);
        Assert.Equal(["tests/**"], spec.Protect);
        Assert.Equal(TimeSpan.FromMinutes(30), spec.Budget.Time);
        Assert.Equal(80, spec.Budget.Steps);
        Assert.Equal(400_000L, spec.Budget.Tokens);
        Assert.Equal(2.00m, spec.Budget.Cost);
        Assert.Equal(SandboxBackends.Bubblewrap, spec.Sandbox.Backend);
        Assert.False(spec.Sandbox.BackendExplicit);
        Assert.Equal(NetworkMode.None, spec.Sandbox.Network.Mode);
        Assert.True(spec.Sandbox.NetworkExplicit);
        Assert.Empty(spec.Sandbox.Network.AllowHosts);
        Assert.Equal(new SandboxLimits(), spec.Sandbox.Limits);
        Assert.Equal(["NUGET_TOKEN"], spec.Secrets);
        Assert.Equal(["push"], spec.Approvals);
        Assert.Equal(["team-slack"], spec.Notify);
        Assert.Equal("errand/flaky-date", spec.Deliver.Branch);
        Assert.Equal("origin", spec.Deliver.Push);
        Assert.Empty(spec.After);
        Assert.Equal(
            "`DateParserTests.ParsesIso` fails about 1 run in 10 on CI. Find the cause and fix it.\n\n## Done when\n- the test passes 20 runs in a row",
            spec.Instruction);
        Assert.Equal(["the test passes 20 runs in a row"], spec.DoneWhen);
    }

    [Fact]
    public void Parse_DesignExample_RecordsFieldPositions()
    {
        var result = SpecParser.Parse(DesignExample, "task.md");

        Assert.Equal("task.md", result.File);
        Assert.Equal(new SourcePosition(2, 1), result.Positions["title"]);
        Assert.Equal(new SourcePosition(3, 1), result.Positions["repo"]);
        Assert.Equal(new SourcePosition(7, 1), result.Positions["verify"]);
        Assert.Equal(new SourcePosition(8, 5), result.Positions["verify[0]"]);
        Assert.Equal(new SourcePosition(9, 11), result.Positions["protect[0]"]);
        Assert.Equal(new SourcePosition(10, 11), result.Positions["budget.time"]);
        Assert.Equal(new SourcePosition(10, 47), result.Positions["budget.cost"]);
        Assert.Equal(new SourcePosition(11, 12), result.Positions["sandbox.network"]);
        Assert.Equal(new SourcePosition(15, 12), result.Positions["deliver.branch"]);
        Assert.Equal(new SourcePosition(17, 1), result.Positions["instruction"]);
        Assert.Equal(new SourcePosition(20, 1), result.Positions["done_when[0]"]);
    }

    [Fact]
    public void Parse_Bytes_DesignExampleWithBomAndCrlf_SameSpec()
    {
        var crlf = DesignExample.ReplaceLineEndings("\r\n");
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(crlf)).ToArray();

        var fromBytes = SpecParser.Parse(bytes, "task.md");
        var fromText = SpecParser.Parse(DesignExample, "task.md");

        Assert.Empty(fromBytes.Diagnostics);
        Assert.Equal(TaskSpecJson.Serialize(fromText.Spec!), TaskSpecJson.Serialize(fromBytes.Spec!));
    }

    [Fact]
    public void Parse_Minimal_TakesDefaultsAndWarns()
    {
        var result = SpecParser.Parse("---\ntitle: Tidy up\n---\n", "t.md");

        var spec = Assert.IsType<TaskSpec>(result.Spec);
        Assert.Equal("Tidy up", spec.Title);
        Assert.Null(spec.Repo);
        Assert.Equal(AgentNames.Builtin, spec.Agent);
        Assert.Equal(new VerifySpec().Attempts, spec.Verify.Attempts);
        Assert.True(spec.Budget.IsUnlimited);
        Assert.Equal(SandboxBackends.Bubblewrap, spec.Sandbox.Backend);
        Assert.False(spec.Sandbox.NetworkExplicit);
        Assert.Equal(
            [SpecCodes.NoVerify, SpecCodes.NoBudget, SpecCodes.EmptyInstruction],
            result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Parse_VerifyAsString_OneCheckNamedAfterCommand()
    {
        var spec = Parse("title: t\nverify: make test\nbudget: { time: 5m }").Spec!;

        Assert.Equal([new CheckSpec("make test", "make test")], spec.Verify.Checks);
        Assert.Equal(1, spec.Verify.Attempts);
    }

    [Fact]
    public void Parse_VerifyAsList_MixesStringsAndMaps()
    {
        var spec = Parse("""
            title: t
            verify:
              - make lint
              - name: unit tests
                run: dotnet test
                timeout: 10m
              - run: ./e2e.sh
            """).Spec!;

        Assert.Equal(3, spec.Verify.Checks.Count);
        Assert.Equal(new CheckSpec("make lint", "make lint"), spec.Verify.Checks[0]);
        Assert.Equal(new CheckSpec("unit tests", "dotnet test") { Timeout = TimeSpan.FromMinutes(10) }, spec.Verify.Checks[1]);
        Assert.Equal(new CheckSpec("./e2e.sh", "./e2e.sh"), spec.Verify.Checks[2]);
    }

    [Fact]
    public void Parse_VerifyAsMap_ReadsAttemptsAndChecks()
    {
        var spec = Parse("title: t\nverify:\n  attempts: 3\n  checks: [make test, make lint]").Spec!;

        Assert.Equal(3, spec.Verify.Attempts);
        Assert.Equal(["make test", "make lint"], spec.Verify.Checks.Select(c => c.Run));
    }

    [Fact]
    public void Parse_VerifyMultiLineRun_NameIsFirstLine()
    {
        var spec = Parse("title: t\nverify:\n  - run: |\n      cd src\n      make test\n").Spec!;

        var check = Assert.Single(spec.Verify.Checks);
        Assert.Equal("cd src\nmake test\n", check.Run);
        Assert.Equal("cd src …", check.Name);
    }

    [Fact]
    public void Parse_StringOrListFields_AcceptBothForms()
    {
        var single = Parse("title: t\nsetup: npm ci\nprotect: tests/**\nsecrets: API_KEY\napprovals: budget\nnotify: ops\nafter: 42").Spec!;
        var list = Parse("title: t\nsetup: [npm ci, npm run build]\nprotect: [tests/**, '*.lock']\nafter: [41, fix-the-build]").Spec!;

        Assert.Equal(["npm ci"], single.Setup);
        Assert.Equal(["tests/**"], single.Protect);
        Assert.Equal(["API_KEY"], single.Secrets);
        Assert.Equal(["budget"], single.Approvals);
        Assert.Equal(["ops"], single.Notify);
        Assert.Equal(["42"], single.After);
        Assert.Equal(["npm ci", "npm run build"], list.Setup);
        Assert.Equal(["tests/**", "*.lock"], list.Protect);
        Assert.Equal(["41", "fix-the-build"], list.After);
    }

    [Fact]
    public void Parse_SandboxInFull_BindsBackendNetworkAndLimits()
    {
        var spec = Parse("""
            title: t
            sandbox:
              backend: bubblewrap
              network:
                allow: [api.nuget.org, "*.github.com", registry.npmjs.org:443]
              limits: { processes: 256, memory: 2g, file_size: 100m, cpu: 10m }
            """).Spec!;

        Assert.True(spec.Sandbox.BackendExplicit);
        Assert.True(spec.Sandbox.NetworkExplicit);
        Assert.Equal(NetworkMode.Allow, spec.Sandbox.Network.Mode);
        Assert.Equal(["api.nuget.org", "*.github.com", "registry.npmjs.org:443"], spec.Sandbox.Network.AllowHosts);
        Assert.Equal(256, spec.Sandbox.Limits.Processes);
        Assert.Equal(2L << 30, spec.Sandbox.Limits.MemoryBytes);
        Assert.Equal(100L << 20, spec.Sandbox.Limits.FileSizeBytes);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Sandbox.Limits.Cpu);
    }

    [Fact]
    public void Parse_NoneBackendWithOpenNetwork_RunsButWarnsLoudly()
    {
        var result = Parse("title: t\nverify: make\nbudget: { time: 5m }\nsandbox: { backend: none, network: open }");

        Assert.NotNull(result.Spec);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(SpecCodes.NoIsolation, warning.Code);
        Assert.Equal("sandbox.backend", warning.Field);
        Assert.Equal(5, warning.Line);
        Assert.Contains("NO isolation", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommandAgent_TakesCommandAndSkipsInstructionWarnings()
    {
        var result = SpecParser.Parse("---\ntitle: t\nagent: command\ncommand: ./bump.sh\nverify: make\nbudget: { time: 5m }\n---\n", "t.md");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("./bump.sh", result.Spec!.Command);
    }

    [Fact]
    public void Parse_CommandWithBuiltinAgent_WarnsCommandIgnored()
    {
        var result = Parse("title: t\nverify: make\nbudget: { time: 5m }\ncommand: ./bump.sh");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((SpecCodes.CommandIgnored, 5, "command"), (warning.Code, warning.Line, warning.Field));
        Assert.NotNull(result.Spec);
    }

    [Theory]
    [InlineData("Fix it.", SpecCodes.VagueInstruction)]
    [InlineData("Make the importer skip rows with an empty id and log them.", SpecCodes.NoDoneWhen)]
    [InlineData("Make the importer skip rows with an empty id and log them.\n\n## Done when\n\nnothing yet", SpecCodes.EmptyDoneWhen)]
    [InlineData("", SpecCodes.EmptyInstruction)]
    public void Parse_WeakBody_Warns(string body, string code)
    {
        var result = SpecParser.Parse(Spec("title: t\nverify: make\nbudget: { time: 5m }", body), "t.md");

        Assert.NotNull(result.Spec);
        Assert.Contains(result.Diagnostics, d => d.Code == code && d.Severity == DiagnosticSeverity.Warning && d.Line >= 5);
    }

    [Fact]
    public void Parse_ManyErrors_ReportsAllInFileOrder()
    {
        var result = Parse("tilte: t\nagent: claud-code\nbudget: { time: -5m, steps: 0 }\nsecrets: [lower]");

        Assert.Null(result.Spec);
        string[] expected =
        [
            SpecCodes.UnknownField, SpecCodes.MissingField, SpecCodes.UnknownAgent, SpecCodes.BadDuration, SpecCodes.BadNumber,
            SpecCodes.BadSecretName,
        ];
        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.Equal(result.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column), result.Diagnostics);
    }
}
