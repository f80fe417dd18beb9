using Errand.Tokens;

namespace Errand.Mcp;

/// <summary>The scope a token needs for each MCP tool: reading needs read, dispatching submit, answering answer.</summary>
public static class McpToolScopes
{
    /// <summary>The scope <paramref name="tool"/> needs; an unknown name needs admin, so nothing unlisted is open.</summary>
    public static TokenScope Of(string tool) => tool switch
    {
        McpToolNames.DispatchTask => TokenScope.Submit,
        McpToolNames.AnswerQuestion => TokenScope.Answer,
        McpToolNames.GetTask or McpToolNames.ListTasks or McpToolNames.ReadLogs or McpToolNames.ListQuestions => TokenScope.Read,
        _ => TokenScope.Admin,
    };
}
