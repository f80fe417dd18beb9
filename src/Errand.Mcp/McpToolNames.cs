namespace Errand.Mcp;

/// <summary>The names of Errand's MCP tools.</summary>
public static class McpToolNames
{
    /// <summary>Queue a task.</summary>
    public const string DispatchTask = "dispatch_task";

    /// <summary>One task.</summary>
    public const string GetTask = "get_task";

    /// <summary>A page of tasks.</summary>
    public const string ListTasks = "list_tasks";

    /// <summary>A task's journal.</summary>
    public const string ReadLogs = "read_logs";

    /// <summary>The open questions.</summary>
    public const string ListQuestions = "list_questions";

    /// <summary>Answer one.</summary>
    public const string AnswerQuestion = "answer_question";
}
