namespace Errand.Specs;

/// <summary>
/// The stable codes of spec diagnostics. Codes are never reused for a different meaning: scripts and docs
/// may match on them. E codes are errors (the spec cannot run), W codes warnings.
/// </summary>
public static class SpecCodes
{
    /// <summary>The spec file does not exist (reported by loaders, not by the parser).</summary>
    public const string FileNotFound = "E001";

    /// <summary>The file is larger than <see cref="SpecParser.MaxBytes"/>.</summary>
    public const string FileTooLarge = "E002";

    /// <summary>The file holds NUL bytes or is not valid UTF-8.</summary>
    public const string BinaryContent = "E003";

    /// <summary>The file does not start with a <c>---</c> line.</summary>
    public const string NoFrontMatter = "E004";

    /// <summary>The front matter has no closing <c>---</c> line.</summary>
    public const string UnterminatedFrontMatter = "E005";

    /// <summary>The front matter is not well-formed YAML.</summary>
    public const string YamlSyntax = "E006";

    /// <summary>The front matter is empty or not a mapping of fields.</summary>
    public const string FrontMatterNotMapping = "E007";

    /// <summary>A YAML anchor or alias; refused so a small file cannot expand into a huge one.</summary>
    public const string AnchorOrAlias = "E008";

    /// <summary>Collections nested deeper than any spec needs.</summary>
    public const string TooDeep = "E009";

    /// <summary>More than one YAML document in the front matter.</summary>
    public const string MultipleDocuments = "E010";

    /// <summary>A field the spec does not know.</summary>
    public const string UnknownField = "E011";

    /// <summary>A key given twice in one mapping.</summary>
    public const string DuplicateKey = "E012";

    /// <summary>A value of the wrong shape (a list where a string belongs, and so on).</summary>
    public const string WrongType = "E013";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "E014";

    /// <summary>An empty string where a value is needed.</summary>
    public const string EmptyValue = "E015";

    /// <summary>A title that is too long or not one line.</summary>
    public const string BadTitle = "E016";

    /// <summary>A repo that is neither a safe local path nor a supported git URL.</summary>
    public const string BadRepo = "E017";

    /// <summary>A base that is not a plain ref or commit name.</summary>
    public const string BadBase = "E018";

    /// <summary>An agent name that is not known.</summary>
    public const string UnknownAgent = "E019";

    /// <summary>A model that is not <c>provider/model</c>.</summary>
    public const string BadModel = "E020";

    /// <summary>A duration that is not e.g. <c>90s</c>, <c>30m</c>, <c>1h30m</c> or <c>1d</c>, or out of range.</summary>
    public const string BadDuration = "E021";

    /// <summary>A size that is not e.g. <c>512m</c>, <c>2g</c> or a byte count.</summary>
    public const string BadSize = "E022";

    /// <summary>A token count that is not e.g. <c>50000</c>, <c>400k</c> or <c>1.5M</c>.</summary>
    public const string BadTokenCount = "E023";

    /// <summary>A whole number that is malformed or out of range.</summary>
    public const string BadNumber = "E024";

    /// <summary>A cost that is not a non-negative amount of dollars.</summary>
    public const string BadCost = "E025";

    /// <summary>A protect glob that is absolute, climbs out with <c>..</c>, is empty or uses backslashes.</summary>
    public const string BadGlob = "E026";

    /// <summary>A sandbox backend that is not known.</summary>
    public const string UnknownBackend = "E027";

    /// <summary>A network policy that is not <c>none</c>, <c>open</c> or <c>{ allow: [hosts] }</c>.</summary>
    public const string BadNetwork = "E028";

    /// <summary>A host that is not a DNS name with an optional <c>*.</c> and <c>:port</c>.</summary>
    public const string BadHost = "E029";

    /// <summary>A network allow list with no hosts.</summary>
    public const string EmptyAllowList = "E030";

    /// <summary>A network policy the chosen sandbox backend cannot enforce.</summary>
    public const string UnenforceableNetwork = "E031";

    /// <summary>A secret name that is not an environment variable name.</summary>
    public const string BadSecretName = "E032";

    /// <summary>The same entry twice in a list that must not repeat.</summary>
    public const string DuplicateEntry = "E033";

    /// <summary>An approval rule that is not known.</summary>
    public const string BadApproval = "E034";

    /// <summary>A notification channel name that is malformed.</summary>
    public const string BadChannel = "E035";

    /// <summary>A deliver branch git would refuse.</summary>
    public const string BadBranch = "E036";

    /// <summary>A remote name git would refuse or that could be read as an option.</summary>
    public const string BadRemote = "E037";

    /// <summary>A mapping key that is not a plain string.</summary>
    public const string NonStringKey = "E038";

    /// <summary>More problems than are worth listing; the rest are counted, not shown.</summary>
    public const string TooManyProblems = "E039";

    /// <summary>A secret name the sandbox sets itself (HOME, PATH, a proxy variable, LD_*, ERRAND_*): it would override it.</summary>
    public const string ReservedSecretName = "E040";

    /// <summary>A <c>{name}</c> in a command-template line that is not one of <see cref="CommandTemplate.Names"/>.</summary>
    public const string UnknownPlaceholder = "E041";

    /// <summary>A task <c>name</c> that is not a slug starting with a letter.</summary>
    public const string BadTaskName = "E070";

    /// <summary>An <c>after</c> entry that is neither a task id nor a task name.</summary>
    public const string BadPrerequisite = "E071";

    /// <summary>An <c>after</c> entry naming no task in the batch or the store (reported when submitting).</summary>
    public const string UnknownPrerequisite = "E072";

    /// <summary>Tasks that wait for each other in a circle; nothing of the batch is accepted.</summary>
    public const string DependencyCycle = "E073";

    /// <summary>Two specs of one batch with the same <c>name</c>.</summary>
    public const string DuplicateTaskName = "E074";

    /// <summary>A value that must be one of a few words (clarify, plan, questions.on_timeout) and is not.</summary>
    public const string BadChoice = "E050";

    /// <summary>Fleet and best-of-N fields that do not go together (<c>fleet</c> with <c>attempts</c>, <c>agents</c> without it).</summary>
    public const string FleetConflict = "E060";

    /// <summary>A <c>fleet:</c> section with no slices, or with both a list and a glob.</summary>
    public const string NoSlices = "E061";

    /// <summary>A fleet template whose title has no <c>{{slice}}</c>: every slice's task would look the same.</summary>
    public const string NoSlicePlaceholder = "W060";

    /// <summary>A human-in-the-loop field (clarify, plan, command approvals) that the chosen agent cannot honour.</summary>
    public const string HumanLoopIgnored = "W050";

    /// <summary>A local repo directory that does not exist (reported by loaders, not by the parser).</summary>
    public const string RepoNotFound = "E090";

    /// <summary>A bug in the parser, reported rather than thrown; never expected.</summary>
    public const string InternalError = "E099";

    /// <summary>No verify checks: the agent's "done" cannot be checked.</summary>
    public const string NoVerify = "W001";

    /// <summary>No budget at all.</summary>
    public const string NoBudget = "W002";

    /// <summary>No instruction in the body.</summary>
    public const string EmptyInstruction = "W003";

    /// <summary>An instruction too short to act on.</summary>
    public const string VagueInstruction = "W004";

    /// <summary>No "Done when" section.</summary>
    public const string NoDoneWhen = "W005";

    /// <summary>A command given for an agent that does not run it.</summary>
    public const string CommandIgnored = "W006";

    /// <summary>The <c>none</c> sandbox backend: no isolation at all.</summary>
    public const string NoIsolation = "W007";

    /// <summary>A protect glob that matches no file in the repository.</summary>
    public const string ProtectMatchesNothing = "W008";

    /// <summary>A "Done when" section with no list items.</summary>
    public const string EmptyDoneWhen = "W009";

    /// <summary>A command-template line with neither <c>{prompt}</c> nor <c>{prompt_file}</c>: the agent is never told the task.</summary>
    public const string NoPromptPlaceholder = "W010";
}
