namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks/{id}/answer.</summary>
/// <param name="Answer">One of the options (or its number), or free text.</param>
/// <param name="By">Who answers (default: the token's name).</param>
internal sealed record AnswerRequest(string? Answer, string? By);
