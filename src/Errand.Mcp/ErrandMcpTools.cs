using System.ComponentModel;
using System.Text.Json;
using Errand.Application.Tasks;
using Errand.Engine.Tasks;
using Errand.Json;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Errand.Mcp;

/// <summary>
/// Errand's MCP tools: dispatch a task, follow it (get, list, logs) and answer what it asks. The same tools serve
/// <c>errand mcp</c> (stdio) and <c>/mcp</c> on <c>errand serve</c>. Everything returned is read from the store, where
/// a task's secrets are already redacted; a mistake is an <see cref="McpException"/>, which the client sees as a tool
/// error with its message.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="transitions">Where tasks are answered.</param>
/// <param name="submission">Where tasks are queued: the path the CLI and the API take.</param>
/// <param name="queries">The open questions.</param>
[McpServerToolType]
public sealed class ErrandMcpTools(IErrandStore store, TaskTransitions transitions, TaskSubmission submission, TaskQueries queries)
{
    /// <summary>The most tasks or events one call returns.</summary>
    public const int MaxLimit = 500;

    /// <summary>Queues a task.</summary>
    [McpServerTool(Name = McpToolNames.DispatchTask, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Queue a background coding task for Errand's workers and return it (its id is what get_task and read_logs take). "
        + "Give either `spec` (a whole task file: YAML front matter between --- lines, then the instructions) or `title`, `prompt` and `repo`.")]
    public async Task<string> DispatchTaskAsync(
        [Description("A whole task file (front matter and instructions), as `errand submit` takes. Its repo must be an absolute path or a URL.")] string? spec = null,
        [Description("The task's title (with prompt and repo, instead of spec).")] string? title = null,
        [Description("What the agent should do (with title and repo).")] string? prompt = null,
        [Description("The repository: an absolute path on the server's host, or a git URL (with title and prompt).")] string? repo = null,
        [Description("The agent runtime (builtin, command, claude-code, codex); the spec's default when omitted.")] string? agent = null,
        [Description("The model, e.g. openai/gpt-5-mini; the spec's or the agent's default when omitted.")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        // The same path as `errand submit` and POST /api/tasks: parse, repository lint, fleet check, after: refs, queue.
        var text = McpSpecText.From(spec, title, prompt, repo, agent, model);
        var submitted = await submission.SubmitTextAsync(text, model: null, cancellationToken);
        if (submitted.Task is not { } task)
        {
            var errors = submitted.Findings.Where(d => d.Severity == DiagnosticSeverity.Error);
            throw new McpException("the task has problems: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Field ?? ""} {e.Message}".Trim())));
        }

        // A valid spec's warnings (no verify, no budget, ...) come back too: the caller can still tighten the next one.
        return ErrandJson.Serialize(McpTaskView.From(task) with { Warnings = submitted.Findings });
    }

    /// <summary>One task.</summary>
    [McpServerTool(Name = McpToolNames.GetTask, ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A task's state and, once it ended, its result: summary, branch and commits, checks, cost. "
        + "States: queued, running, waiting_for_human (see list_questions), succeeded, failed, partial, cancelled.")]
    public async Task<string> GetTaskAsync(
        [Description("The task id.")] long taskId,
        CancellationToken cancellationToken = default) =>
        ErrandJson.Serialize(McpTaskView.From(await FindAsync(taskId, cancellationToken)));

    /// <summary>A page of tasks.</summary>
    [McpServerTool(Name = McpToolNames.ListTasks, ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Tasks, newest first. For the next page pass the smallest id you got as `before`.")]
    public async Task<string> ListTasksAsync(
        [Description("Only tasks in this state (queued, running, waiting_for_human, succeeded, failed, partial, cancelled).")] string? state = null,
        [Description("At most this many (1 to 500).")] int limit = 20,
        [Description("Only tasks with an id below this.")] long? before = null,
        CancellationToken cancellationToken = default)
    {
        var states = state is null ? [] : new[] { TaskStates.TryParse(state, out var s) ? s : throw new McpException($"unknown state '{state}'") };
        var tasks = await store.ListAsync(new TaskQuery { States = states, BeforeId = before, Limit = Limit(limit) }, cancellationToken);
        return ErrandJson.Serialize(tasks.Select(McpTaskView.From).ToList());
    }

    /// <summary>A task's journal.</summary>
    [McpServerTool(Name = McpToolNames.ReadLogs, ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A task's log (its journal): phases, agent output, tool calls, checks, state changes, in order. "
        + "Pass the last `seq` you got as `after` to read on.")]
    public async Task<string> ReadLogsAsync(
        [Description("The task id.")] long taskId,
        [Description("Only events after this seq (0: from the start).")] long after = 0,
        [Description("At most this many (1 to 500).")] int limit = 200,
        CancellationToken cancellationToken = default)
    {
        await FindAsync(taskId, cancellationToken);
        var events = await store.ReadAsync(taskId, after, Limit(limit), cancellationToken);
        return ErrandJson.Serialize(events.Select(e => new
        {
            e.Seq,
            e.At,
            e.Attempt,
            e.Kind,
            e.Message,
            Data = e.DataJson is null ? (JsonElement?)null : JsonElement.Parse(e.DataJson),
        }).ToList());
    }

    /// <summary>The open questions.</summary>
    [McpServerTool(Name = McpToolNames.ListQuestions, ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The questions and approvals tasks are waiting on, oldest first, with their options. Answer one with answer_question.")]
    public async Task<string> ListQuestionsAsync(CancellationToken cancellationToken = default)
    {
        var open = await queries.InboxAsync(MaxLimit, cancellationToken);
        return ErrandJson.Serialize(open.Select(item => new { item.TaskId, item.Title, item.Question }).ToList());
    }

    /// <summary>Answers a task's question.</summary>
    [McpServerTool(Name = McpToolNames.AnswerQuestion, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Answer the question a task waits on (see list_questions): one of its options, or free text when it has none. The task resumes.")]
    public async Task<string> AnswerQuestionAsync(
        [Description("The task id.")] long taskId,
        [Description("The answer: an option's value (e.g. approve, reject) or free text.")] string answer,
        [Description("Who answers, as the journal records it.")] string by = "mcp",
        CancellationToken cancellationToken = default)
    {
        var outcome = await transitions.AnswerAsync(taskId, answer, by, cancellationToken);
        return outcome.Status switch
        {
            AnswerStatus.Answered => ErrandJson.Serialize(new { Answered = true, Task = McpTaskView.From(outcome.Task!) }),
            AnswerStatus.NotFound => throw new McpException($"no task {taskId}"),
            AnswerStatus.NoQuestion => throw new McpException($"task {taskId} is not waiting for an answer"),
            _ => throw new McpException(outcome.Problem ?? "the answer does not fit the question"),
        };
    }

    private static int Limit(int limit) =>
        limit is >= 1 and <= MaxLimit ? limit : throw new McpException($"limit must be from 1 to {MaxLimit}, not {limit}");

    private async Task<TaskRecord> FindAsync(long taskId, CancellationToken cancellationToken) =>
        await store.GetAsync(taskId, cancellationToken) ?? throw new McpException($"no task {taskId}");
}
