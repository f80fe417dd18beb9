using System.Text;
using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed partial class SpecParserTests
{
    private const string E = "";

    private static readonly string Deep = "title: t\nverify: " + new string('[', 40) + new string(']', 40);
    private static readonly string DeepField = "verify" + string.Concat(Enumerable.Repeat("[0]", GuardedParser.MaxDepth - 1));
    private static readonly string AliasBomb = """
        title: t
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        """;

    // Each row: the whole file, then the code, file line and field of one diagnostic it must produce, and a
    // piece of its message. Front matter starts on line 2, so YAML line n is file line n + 1.
    public static TheoryData<string, string, int, string?, string> Malformed => new()
    {
        // The file as a whole.
        { "title: x\n", SpecCodes.NoFrontMatter, 1, null, "starts with a line '---'" },
        { "# Task\n---\ntitle: x\n---\n", SpecCodes.NoFrontMatter, 1, null, E },
        { "---\ntitle: x\nFix the thing.\n", SpecCodes.UnterminatedFrontMatter, 1, null, "never closed" },
        { "---\n---\nFix the thing.", SpecCodes.FrontMatterNotMapping, 1, null, "empty" },
        { "---\n# only a comment\n---\n", SpecCodes.FrontMatterNotMapping, 1, null, E },
        { "---\n- title: x\n- repo: .\n---\n", SpecCodes.FrontMatterNotMapping, 2, null, "not a list" },
        { "---\njust some words\n---\n", SpecCodes.FrontMatterNotMapping, 2, null, "mapping of fields" },
        { Spec("title: a\n...\ntitle: b"), SpecCodes.MultipleDocuments, 4, null, "more than one YAML document" },

        // YAML syntax, in file coordinates.
        { Spec("title: 'unclosed\nrepo: ."), SpecCodes.YamlSyntax, 2, null, "YAML syntax error" },
        { Spec("title: t\nbudget:\n  time: 5m\n steps: 3"), SpecCodes.YamlSyntax, 5, null, E },
        { Spec("title: t\nbudget:\n\ttime: 5m"), SpecCodes.YamlSyntax, 4, null, "tab" },
        { Spec("title: t\nprotect: [a, b\nrepo: ."), SpecCodes.YamlSyntax, 3, null, "unclosed '['" },
        { Spec("title: t\nrepo: \"bad \\q escape\""), SpecCodes.YamlSyntax, 3, null, E },
        { Spec("title: t\n: no key"), SpecCodes.NonStringKey, 3, null, "plain name" },
        { Spec("title: t\n[a, b]: c"), SpecCodes.NonStringKey, 3, null, E },

        // Refused YAML features: aliases, anchors, depth, duplicates.
        { Spec("title: &t Fix it\nrepo: *t"), SpecCodes.AnchorOrAlias, 2, "title", "anchors" },
        { Spec("title: &t Fix it\nrepo: *t"), SpecCodes.AnchorOrAlias, 3, "repo", "aliases" },
        { Spec(AliasBomb), SpecCodes.AnchorOrAlias, 4, "b[0]", E },
        { Spec(Deep), SpecCodes.TooDeep, 3, DeepField, "deeper than" },
        { Spec("title: a\ntitle: b"), SpecCodes.DuplicateKey, 3, "title", "first given on line 2" },
        { Spec("title: t\nbudget:\n  time: 5m\n  time: 10m"), SpecCodes.DuplicateKey, 5, "budget.time", E },
        { Spec("title: t\nbudget: { steps: 1, steps: 2 }"), SpecCodes.DuplicateKey, 3, "budget.steps", E },
        { Spec("title: t\nverify:\n  - run: a\n    run: b"), SpecCodes.DuplicateKey, 5, "verify[0].run", E },

        // Unknown fields, with and without a suggestion.
        { Spec("tilte: Fix it"), SpecCodes.UnknownField, 2, "tilte", "unknown field 'tilte' — did you mean 'title'?" },
        { Spec("title: t\nverfiy: make"), SpecCodes.UnknownField, 3, "verfiy", "did you mean 'verify'?" },
        { Spec("title: t\nbudg: { time: 5m }"), SpecCodes.UnknownField, 3, "budg", "did you mean 'budget'?" },
        { Spec("title: t\nbudget: { tme: 5m }"), SpecCodes.UnknownField, 3, "budget.tme", "did you mean 'time'?" },
        { Spec("title: t\nsandbox: { netwrok: none }"), SpecCodes.UnknownField, 3, "sandbox.netwrok", "did you mean 'network'?" },
        { Spec("title: t\nsandbox: { limits: { mem: 1g } }"), SpecCodes.UnknownField, 3, "sandbox.limits.mem", "did you mean 'memory'?" },
        { Spec("title: t\nverify:\n  - rn: make"), SpecCodes.UnknownField, 4, "verify[0].rn", "did you mean 'run'?" },
        { Spec("title: t\ncolour: blue"), SpecCodes.UnknownField, 3, "colour", "the fields here are: title, repo" },

        // title.
        { Spec("repo: ."), SpecCodes.MissingField, 1, "title", "title is required" },
        { Spec("title: ''"), SpecCodes.EmptyValue, 2, "title", "empty" },
        { Spec("title:"), SpecCodes.EmptyValue, 2, "title", "has no value" },
        { Spec("title: [a, b]"), SpecCodes.WrongType, 2, "title", "expected a short summary of the task, got a list" },
        { Spec("title: { text: x }"), SpecCodes.WrongType, 2, "title", "got a mapping" },
        { Spec("title: " + new string('x', 201)), SpecCodes.BadTitle, 2, "title", "201 characters" },
        { Spec("title: \"two\\nlines\""), SpecCodes.BadTitle, 2, "title", "one line" },

        // repo: option injection, remote helpers, odd schemes.
        { Spec("title: t\nrepo: --upload-pack=touch /tmp/pwned"), SpecCodes.BadRepo, 3, "repo", "option" },
        { Spec("title: t\nrepo: -oProxyCommand=evil"), SpecCodes.BadRepo, 3, "repo", "option" },
        { Spec("title: t\nrepo: 'ext::sh -c touch% /tmp/pwned'"), SpecCodes.BadRepo, 3, "repo", "transport 'ext::'" },
        { Spec("title: t\nrepo: fd::17"), SpecCodes.BadRepo, 3, "repo", "transport" },
        { Spec("title: t\nrepo: ftp://example.com/repo.git"), SpecCodes.BadRepo, 3, "repo", "scheme" },
        { Spec("title: t\nrepo: \"./a\\nb\""), SpecCodes.BadRepo, 3, "repo", "line break" },
        { Spec("title: t\nrepo: git@-oProxyCommand=evil:repo.git"), SpecCodes.BadRepo, 3, "repo", "ssh" },
        { Spec("title: t\nrepo: ssh://-oProxyCommand=evil/repo"), SpecCodes.BadRepo, 3, "repo", E },
        { Spec("title: t\nrepo: 'https://exa mple.com/r.git'"), SpecCodes.BadRepo, 3, "repo", "whitespace" },

        // base.
        { Spec("title: t\nbase: main..dev"), SpecCodes.BadBase, 3, "base", "'..'" },
        { Spec("title: t\nbase: --orphan"), SpecCodes.BadBase, 3, "base", "option" },
        { Spec("title: t\nbase: 'my branch'"), SpecCodes.BadBase, 3, "base", "whitespace" },
        { Spec("title: t\nbase: HEAD~1"), SpecCodes.BadBase, 3, "base", "'~'" },
        { Spec("title: t\nbase: 'refs/heads/*'"), SpecCodes.BadBase, 3, "base", "'*'" },

        // agent, model, command.
        { Spec("title: t\nagent: claud-code"), SpecCodes.UnknownAgent, 3, "agent", "did you mean 'claude-code'?" },
        { Spec("title: t\nagent: Builtin"), SpecCodes.UnknownAgent, 3, "agent", "did you mean 'builtin'?" },
        { Spec("title: t\nagent: gpt"), SpecCodes.UnknownAgent, 3, "agent", "agents: builtin, claude-code, codex, command" },
        { Spec("title: t\nagent: { name: codex }"), SpecCodes.WrongType, 3, "agent", "got a mapping" },
        { Spec("title: t\nmodel: gpt-5"), SpecCodes.BadModel, 3, "model", "provider/model" },
        { Spec("title: t\nmodel: openai/"), SpecCodes.BadModel, 3, "model", E },
        { Spec("title: t\nmodel: 'openai/gpt 5'"), SpecCodes.BadModel, 3, "model", E },
        { Spec("title: t\nagent: command"), SpecCodes.MissingField, 3, "command", "add 'command:" },
        { Spec("title: t\nagent: command\ncommand: ''"), SpecCodes.EmptyValue, 4, "command", E },
        { Spec("title: t\nagent: command-template"), SpecCodes.MissingField, 3, "command", "agent 'command-template' runs a shell line" },
        { Spec("title: t\nagent: command-template\ncommand: ''"), SpecCodes.EmptyValue, 4, "command", E },
        { Spec("title: t\nagent: command-template\ncommand: my-agent --task {promt}"), SpecCodes.UnknownPlaceholder, 4, "command", "'{promt}' in command — did you mean 'prompt'?" },
        { Spec("title: t\ncommand: 'my-agent {prompt} -m {modle}'\nagent: command-template"), SpecCodes.UnknownPlaceholder, 3, "command", "did you mean 'model'?" },
        { Spec("title: t\nagent: command-template\ncommand: |\n  cd src\n  my-agent {task}"), SpecCodes.UnknownPlaceholder, 4, "command", "write '{{task}}' for a literal '{task}'" },
        { Spec("title: t\nagent: command-template\ncommand: agent {prompt_file} {ROUND}"), SpecCodes.UnknownPlaceholder, 4, "command", "placeholders: {prompt}, {prompt_file}, {model}, {round}" },

        // setup and verify.
        { Spec("title: t\nsetup: [npm ci, '']"), SpecCodes.EmptyValue, 3, "setup[1]", E },
        { Spec("title: t\nsetup: { run: npm ci }"), SpecCodes.WrongType, 3, "setup", "got a mapping" },
        { Spec("title: t\nverify: ''"), SpecCodes.EmptyValue, 3, "verify", "empty" },
        { Spec("title: t\nverify:"), SpecCodes.EmptyValue, 3, "verify", "has no value" },
        { Spec("title: t\nverify:\n  - '   '"), SpecCodes.EmptyValue, 4, "verify[0]", E },
        { Spec("title: t\nverify:\n  - make\n  - run: ''"), SpecCodes.EmptyValue, 5, "verify[1].run", E },
        { Spec("title: t\nverify:\n  - name: tests"), SpecCodes.MissingField, 4, "verify[0].run", "needs 'run:" },
        { Spec("title: t\nverify:\n  - [a, b]"), SpecCodes.WrongType, 4, "verify[0]", "got a list" },
        { Spec("title: t\nverify: { attempts: 0, checks: [make] }"), SpecCodes.BadNumber, 3, "verify.attempts", "from 1 to 10" },
        { Spec("title: t\nverify: { attempts: 11, checks: [make] }"), SpecCodes.BadNumber, 3, "verify.attempts", "out of range" },
        { Spec("title: t\nverify: { attempts: many }"), SpecCodes.BadNumber, 3, "verify.attempts", "not a whole number" },
        { Spec("title: t\nverify: { checks: { run: make } }"), SpecCodes.WrongType, 3, "verify.checks", "got a mapping" },
        { Spec("title: t\nverify:\n  - run: make\n    timeout: forever"), SpecCodes.BadDuration, 5, "verify[0].timeout", "90s" },
        { Spec("title: t\nverify:\n  - { name: t, run: a }\n  - { name: t, run: b }"), SpecCodes.DuplicateEntry, 5, "verify[1]", "two checks" },

        // protect: traversal, absolute paths, backslashes.
        { Spec("title: t\nprotect: [/etc/passwd]"), SpecCodes.BadGlob, 3, "protect[0]", "absolute" },
        { Spec("title: t\nprotect: ['../secrets/**']"), SpecCodes.BadGlob, 3, "protect[0]", "'..'" },
        { Spec("title: t\nprotect: src/../../x"), SpecCodes.BadGlob, 3, "protect", "'..'" },
        { Spec("title: t\nprotect: ['tests\\**']"), SpecCodes.BadGlob, 3, "protect[0]", "backslash" },
        { Spec("title: t\nprotect: 'C:/repo/**'"), SpecCodes.BadGlob, 3, "protect", "absolute" },
        { Spec("title: t\nprotect: [docs/**, '']"), SpecCodes.EmptyValue, 3, "protect[1]", E },

        // budget.
        { Spec("title: t\nbudget: { time: -5m }"), SpecCodes.BadDuration, 3, "budget.time", "more than zero" },
        { Spec("title: t\nbudget: { time: 0s }"), SpecCodes.BadDuration, 3, "budget.time", "more than zero" },
        { Spec("title: t\nbudget: { time: 8d }"), SpecCodes.BadDuration, 3, "budget.time", "7 days" },
        { Spec("title: t\nbudget: { time: soon }"), SpecCodes.BadDuration, 3, "budget.time", "90s, 30m, 1h30m, 2h, 1d" },
        { Spec("title: t\nbudget: { time: 30 }"), SpecCodes.BadDuration, 3, "budget.time", "needs a unit" },
        { Spec("title: t\nbudget: { time: 99999999999999999999h }"), SpecCodes.BadDuration, 3, "budget.time", E },
        { Spec("title: t\nbudget: { steps: -1 }"), SpecCodes.BadNumber, 3, "budget.steps", "negative" },
        { Spec("title: t\nbudget: { steps: 0 }"), SpecCodes.BadNumber, 3, "budget.steps", "at least 1" },
        { Spec("title: t\nbudget: { steps: 99999999999 }"), SpecCodes.BadNumber, 3, "budget.steps", "out of range" },
        { Spec("title: t\nbudget: { steps: 1.5 }"), SpecCodes.BadNumber, 3, "budget.steps", E },
        { Spec("title: t\nbudget: { tokens: -400k }"), SpecCodes.BadTokenCount, 3, "budget.tokens", "more than zero" },
        { Spec("title: t\nbudget: { tokens: lots }"), SpecCodes.BadTokenCount, 3, "budget.tokens", "400k, 1.5M" },
        { Spec("title: t\nbudget: { tokens: 1.0005k }"), SpecCodes.BadTokenCount, 3, "budget.tokens", "whole number" },
        { Spec("title: t\nbudget: { tokens: 0 }"), SpecCodes.BadTokenCount, 3, "budget.tokens", E },
        { Spec("title: t\nbudget: { tokens: 99999999999999999999M }"), SpecCodes.BadTokenCount, 3, "budget.tokens", E },
        { Spec("title: t\nbudget: { cost: -2 }"), SpecCodes.BadCost, 3, "budget.cost", "negative" },
        { Spec("title: t\nbudget: { cost: $-1 }"), SpecCodes.BadCost, 3, "budget.cost", "negative" },
        { Spec("title: t\nbudget: { cost: two dollars }"), SpecCodes.BadCost, 3, "budget.cost", "$0.75" },
        { Spec("title: t\nbudget: 30m"), SpecCodes.WrongType, 3, "budget", "expected a mapping" },
        { Spec("title: t\nbudget: [30m]"), SpecCodes.WrongType, 3, "budget", "got a list" },
        { Spec("title: t\nbudget:\n  time: [30m]"), SpecCodes.WrongType, 4, "budget.time", "got a list" },

        // sandbox.
        { Spec("title: t\nsandbox: { backend: docker }"), SpecCodes.UnknownBackend, 3, "sandbox.backend", "backends: bubblewrap, none" },
        { Spec("title: t\nsandbox: { backend: bubblewrp }"), SpecCodes.UnknownBackend, 3, "sandbox.backend", "did you mean 'bubblewrap'?" },
        { Spec("title: t\nsandbox: { network: closed }"), SpecCodes.BadNetwork, 3, "sandbox.network", E },
        { Spec("title: t\nsandbox: { network: nnoe }"), SpecCodes.BadNetwork, 3, "sandbox.network", "did you mean 'none'?" },
        { Spec("title: t\nsandbox: { network: allow }"), SpecCodes.EmptyAllowList, 3, "sandbox.network", "needs the hosts" },
        { Spec("title: t\nsandbox: { network: { allow: [] } }"), SpecCodes.EmptyAllowList, 3, "sandbox.network.allow", "empty" },
        { Spec("title: t\nsandbox: { network: {} }"), SpecCodes.EmptyAllowList, 3, "sandbox.network", E },
        { Spec("title: t\nsandbox:\n  network:\n    allow: ['https://api.nuget.org']"), SpecCodes.BadHost, 5, "sandbox.network.allow[0]", "without scheme" },
        { Spec("title: t\nsandbox: { network: { allow: [ok.com, bad_host.com] } }"), SpecCodes.BadHost, 3, "sandbox.network.allow[1]", E },
        { Spec("title: t\nsandbox: { network: { allow: ['api.nuget.org:99999'] } }"), SpecCodes.BadHost, 3, "sandbox.network.allow[0]", "port" },
        { Spec("title: t\nsandbox: { network: { allow: ['*'] } }"), SpecCodes.BadHost, 3, "sandbox.network.allow[0]", "network: open" },
        { Spec("title: t\nsandbox: { network: { allow: [-evil.com] } }"), SpecCodes.BadHost, 3, "sandbox.network.allow[0]", E },
        { Spec("title: t\nsandbox: { network: { allow: api.nuget.org/v3 } }"), SpecCodes.BadHost, 3, "sandbox.network.allow", E },
        { Spec("title: t\nsandbox: { backend: none, network: none }"), SpecCodes.UnenforceableNetwork, 3, "sandbox.network", "cannot enforce" },
        { Spec("title: t\nsandbox:\n  backend: none\n  network:\n    allow: [a.com]"), SpecCodes.UnenforceableNetwork, 5, "sandbox.network", E },
        { Spec("title: t\nsandbox: { limits: { processes: 0 } }"), SpecCodes.BadNumber, 3, "sandbox.limits.processes", E },
        { Spec("title: t\nsandbox: { limits: { memory: lots } }"), SpecCodes.BadSize, 3, "sandbox.limits.memory", "512m" },
        { Spec("title: t\nsandbox: { limits: { memory: -1g } }"), SpecCodes.BadSize, 3, "sandbox.limits.memory", "more than zero" },
        { Spec("title: t\nsandbox: { limits: { file_size: 99999999999t } }"), SpecCodes.BadSize, 3, "sandbox.limits.file_size", "too large" },
        { Spec("title: t\nsandbox: { limits: { cpu: 1x } }"), SpecCodes.BadDuration, 3, "sandbox.limits.cpu", E },
        { Spec("title: t\nsandbox: none"), SpecCodes.WrongType, 3, "sandbox", "expected a mapping" },

        // secrets, approvals, notify.
        { Spec("title: t\nsecrets: [nuget_token]"), SpecCodes.BadSecretName, 3, "secrets[0]", "did you mean 'NUGET_TOKEN'?" },
        { Spec("title: t\nsecrets: [1TOKEN]"), SpecCodes.BadSecretName, 3, "secrets[0]", E },
        { Spec("title: t\nsecrets: [HOME]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", "HOME is set by the sandbox itself and a secret would override it" },
        { Spec("title: t\nsecrets: [PATH]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", E },
        { Spec("title: t\nsecrets:\n  - NUGET_TOKEN\n  - HTTPS_PROXY"), SpecCodes.ReservedSecretName, 5, "secrets[1]", "HTTPS_PROXY" },
        { Spec("title: t\nsecrets: [NO_PROXY]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", E },
        { Spec("title: t\nsecrets: [PWD]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", E },
        { Spec("title: t\nsecrets: [LD_PRELOAD]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", "dynamic loader" },
        { Spec("title: t\nsecrets: [LD_LIBRARY_PATH]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", E },
        { Spec("title: t\nsecrets: [ERRAND_TASK_ID]"), SpecCodes.ReservedSecretName, 3, "secrets[0]", "ERRAND_TASK_ID starts with ERRAND_, which is reserved: Errand sets those itself" },
        { Spec("title: t\nsecrets: [A, B, A]"), SpecCodes.DuplicateEntry, 3, "secrets[2]", "listed twice" },
        { Spec("title: t\nsecrets: { A: 1 }"), SpecCodes.WrongType, 3, "secrets", "got a mapping" },
        { Spec("title: t\napprovals: [pushh]"), SpecCodes.BadApproval, 3, "approvals[0]", "did you mean 'push'?" },
        { Spec("title: t\napprovals: ['network:bad host']"), SpecCodes.BadApproval, 3, "approvals[0]", "host" },
        { Spec("title: t\napprovals: ['command:']"), SpecCodes.BadApproval, 3, "approvals[0]", "command:<glob>" },
        { Spec("title: t\nnotify: [Team Slack]"), SpecCodes.BadChannel, 3, "notify[0]", E },
        { Spec("title: t\nnotify: [ops, ops]"), SpecCodes.DuplicateEntry, 3, "notify[1]", E },

        // deliver and after.
        { Spec("title: t\ndeliver: { branch: 'feature..x' }"), SpecCodes.BadBranch, 3, "deliver.branch", "'..'" },
        { Spec("title: t\ndeliver: { branch: errand/x.lock }"), SpecCodes.BadBranch, 3, "deliver.branch", ".lock" },
        { Spec("title: t\ndeliver: { branch: -f }"), SpecCodes.BadBranch, 3, "deliver.branch", "option" },
        { Spec("title: t\ndeliver: { branch: HEAD }"), SpecCodes.BadBranch, 3, "deliver.branch", "HEAD" },
        { Spec("title: t\ndeliver: { branch: 'my fix' }"), SpecCodes.BadBranch, 3, "deliver.branch", E },
        { Spec("title: t\ndeliver: { branch: '@' }"), SpecCodes.BadBranch, 3, "deliver.branch", E },
        { Spec("title: t\ndeliver: { branch: errand/ }"), SpecCodes.BadBranch, 3, "deliver.branch", E },
        { Spec("title: t\ndeliver: { branch: 'fix:x' }"), SpecCodes.BadBranch, 3, "deliver.branch", "':'" },
        { Spec("title: t\ndeliver: { branch: errand/.hidden }"), SpecCodes.BadBranch, 3, "deliver.branch", E },
        { Spec("title: t\ndeliver: { push: --mirror }"), SpecCodes.BadRemote, 3, "deliver.push", "option" },
        { Spec("title: t\ndeliver: { push: 'my remote' }"), SpecCodes.BadRemote, 3, "deliver.push", E },
        { Spec("title: t\ndeliver: errand/x"), SpecCodes.WrongType, 3, "deliver", "expected a mapping" },
        { Spec("title: t\nafter: ['']"), SpecCodes.EmptyValue, 3, "after[0]", E },
        { Spec("title: t\nafter: { id: 4 }"), SpecCodes.WrongType, 3, "after", E },
        { Spec("title: t\nafter: [build, 'Fix the build']"), SpecCodes.BadPrerequisite, 3, "after[1]", "neither a task id" },
        { Spec("title: t\nafter: '#0'"), SpecCodes.BadPrerequisite, 3, "after", "not a task id" },
        { Spec("title: t\nafter: [12, '#12']"), SpecCodes.DuplicateEntry, 3, "after[1]", "'#12' twice" },
        { Spec("title: t\nname: 12"), SpecCodes.BadTaskName, 3, "name", "starting with a letter" },
        { Spec("title: t\nname: 'my build'"), SpecCodes.BadTaskName, 3, "name", E },
        { Spec("title: t\non_prerequisite_failure: ignore"), SpecCodes.BadChoice, 3, "on_prerequisite_failure", "fail, skip" },
    };

    // Each row: a spec that parses, and a warning it must carry.
    public static TheoryData<string, string, int, string?> Suspicious => new()
    {
        { Spec("title: t\nbudget: { time: 5m }"), SpecCodes.NoVerify, 1, "verify" },
        { Spec("title: t\nverify: []\nbudget: { time: 5m }"), SpecCodes.NoVerify, 3, "verify" },
        { Spec("title: t\nverify: make"), SpecCodes.NoBudget, 1, "budget" },
        { Spec("title: t\nverify: make\nbudget: {}"), SpecCodes.NoBudget, 4, "budget" },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }", ""), SpecCodes.EmptyInstruction, 6, null },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }", "Fix it."), SpecCodes.VagueInstruction, 6, null },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }", "\n\nRename the Foo class to Bar everywhere."), SpecCodes.NoDoneWhen, 8, null },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }", Instruction + "\n\n# DONE WHEN:\n"), SpecCodes.EmptyDoneWhen, 8, null },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }\ncommand: make"), SpecCodes.CommandIgnored, 5, "command" },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }\nagent: command-template\ncommand: my-agent --yes"), SpecCodes.NoPromptPlaceholder, 6, "command" },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }\nagent: command-template\ncommand: my-agent '{{prompt}}' ${prompt}"), SpecCodes.NoPromptPlaceholder, 6, "command" },
        { Spec("title: t\nverify: make\nbudget: { time: 5m }\nsandbox:\n  backend: none"), SpecCodes.NoIsolation, 6, "sandbox.backend" },
    };

    public static TheoryData<byte[], string, int> MalformedBytes => new()
    {
        { Encoding.UTF8.GetBytes("---\ntitle: t\n\0\n---\n"), SpecCodes.BinaryContent, 3 },
        { [.. "---\ntitle: "u8, 0xFF, .. "\n---\n"u8], SpecCodes.BinaryContent, 2 },
        { [.. "---\ntitle: t\nrepo: "u8, 0xC0, 0xAF, .. "\n---\n"u8], SpecCodes.BinaryContent, 3 },
        { [.. "---\n\n\ntitle: "u8, 0x80, .. "\n---\n"u8], SpecCodes.BinaryContent, 4 },
        { [.. "---\ntitle: t\n---\nFix the caf"u8, 0xC3], SpecCodes.BinaryContent, 4 },
        { [.. "---\ntitle: "u8, 0xED, 0xA0, 0x80, .. "\n---\n"u8], SpecCodes.BinaryContent, 2 },
        { Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("---\ntitle: t\n---\n")).ToArray(), SpecCodes.BinaryContent, 1 },
        { [0x89, .. "PNG\r\n"u8, 0x1A, 0x0A, 0, 0, 0, 0x0D], SpecCodes.BinaryContent, 1 },
        { Encoding.UTF8.GetBytes(Spec("title: t", new string('x', SpecParser.MaxBytes))), SpecCodes.FileTooLarge, 1 },
        { [], SpecCodes.NoFrontMatter, 1 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedSpec_ReportsCodeLineAndField(string text, string code, int line, string? field, string message)
    {
        var result = SpecParser.Parse(text, "task.md");

        Assert.Null(result.Spec);
        AssertHas(result, DiagnosticSeverity.Error, code, line, field, message);
    }

    [Theory]
    [MemberData(nameof(Suspicious))]
    public void Parse_SuspiciousSpec_WarnsButParses(string text, string code, int line, string? field)
    {
        var result = SpecParser.Parse(text, "task.md");

        Assert.NotNull(result.Spec);
        Assert.False(result.HasErrors);
        AssertHas(result, DiagnosticSeverity.Warning, code, line, field, "");
    }

    [Theory]
    [MemberData(nameof(MalformedBytes))]
    public void Parse_BadBytes_RefusedBeforeParsing(byte[] bytes, string code, int line)
    {
        var result = SpecParser.Parse(bytes, "task.md");

        Assert.Null(result.Spec);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((code, line, null), (diagnostic.Code, diagnostic.Line, diagnostic.Field));
    }

    [Fact]
    public void Parse_HugeFile_SaysSizeAndLimit()
    {
        var result = SpecParser.Parse(new byte[SpecParser.MaxBytes + 1], "big.md");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(SpecCodes.FileTooLarge, diagnostic.Code);
        Assert.Contains("1048577 bytes", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("1048576 bytes", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4, 5)]
    [InlineData(1, 2, 8)]
    public void Parse_TextWithNulOrLoneSurrogate_RefusedAsBinary(int sample, int line, int column)
    {
        // Built here: a lone surrogate would not survive being passed as theory data.
        var text = sample == 0 ? "---\ntitle: t\n---\nFix \0 this" : "---\ntitle: " + '\uD800' + "x\n---\n";

        var diagnostic = Assert.Single(SpecParser.Parse(text, "t.md").Diagnostics);

        Assert.Equal((SpecCodes.BinaryContent, line, column), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.Contains("binary or non-UTF-8 content", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidByte_PointsAtLineAndColumn()
    {
        byte[] bytes = [.. "---\ntitle: ab"u8, 0xFF, .. "\n---\n"u8];

        var diagnostic = Assert.Single(SpecParser.Parse(bytes, "t.md").Diagnostics);

        Assert.Equal((2, 10), (diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_DuplicateKeys_ReportsEachAndStillChecksTheRest()
    {
        var result = Parse("title: a\ntitle: b\nbudget: { time: 5m, time: 6m }\nagent: nope");

        Assert.Equal(
            [(SpecCodes.DuplicateKey, 3), (SpecCodes.DuplicateKey, 4), (SpecCodes.UnknownAgent, 5)],
            result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => (d.Code, d.Line)));
    }

    [Fact]
    public void Parse_AliasBomb_RefusedQuickly()
    {
        var bomb = new StringBuilder("title: t\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 30; i++)
        {
            bomb.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        var result = Parse(bomb.ToString());

        Assert.Null(result.Spec);
        Assert.Contains(result.Diagnostics, d => d.Code == SpecCodes.AnchorOrAlias);
    }

    [Fact]
    public void Parse_DeepFlowNestingFillingOneMebibyte_StopsAtTheLimit()
    {
        var half = (SpecParser.MaxBytes - 200) / 2;
        var text = Spec("title: t\nverify: " + new string('[', half) + new string(']', half));

        var result = SpecParser.Parse(text, "deep.md");

        Assert.Contains(result.Diagnostics, d => d.Code == SpecCodes.TooDeep && d.Line == 3);
    }

    [Fact]
    public void Parse_TensOfThousandsOfErrors_ListsTheFirstAndCountsTheRest()
    {
        var result = Parse("title: t\nverify:\n" + string.Concat(Enumerable.Repeat("  - name: x\n", 40_000)));

        Assert.Equal(SpecContext.MaxDiagnostics + 1, result.Diagnostics.Count);
        var summary = result.Diagnostics[^1];
        Assert.Equal((SpecCodes.TooManyProblems, DiagnosticSeverity.Error, 40_003), (summary.Code, summary.Severity, summary.Line));
        Assert.Contains("more problems not shown", summary.Message, StringComparison.Ordinal);
    }

    private static void AssertHas(SpecParseResult result, DiagnosticSeverity severity, string code, int line, string? field, string message)
    {
        Assert.All(result.Diagnostics, d => Assert.Equal("task.md", d.File));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == SpecCodes.InternalError);
        if (!result.Diagnostics.Any(d => d.Severity == severity && d.Code == code && d.Line == line && d.Field == field
                && d.Message.Contains(message, StringComparison.Ordinal)))
        {
            Assert.Fail($"expected {severity} {code} at line {line} [{field}] containing \"{message}\"; got:\n"
                + string.Join("\n", result.Diagnostics));
        }
    }
}
