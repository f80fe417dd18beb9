using Errand.Specs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Errand.Server;

/// <summary>The API's errors, all RFC 9457 problem details: 400 names the field, 404 the id, 409 the state in the way.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A 409 saying what is in the way; with the findings about a spec that was checked first, when given (<c>diagnostics</c>).</summary>
    public static ProblemHttpResult Conflict(string detail, IReadOnlyList<SpecDiagnostic>? findings = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: findings is { Count: > 0 } ? new Dictionary<string, object?> { ["diagnostics"] = Diagnostics(findings) } : null);

    /// <summary>
    /// A 400 naming <paramref name="field"/> (the JSON property or query parameter at fault); its detail is
    /// <c>field: message</c> unless <paramref name="detail"/> words it (a sentence the CLI prints as on the store's host).
    /// </summary>
    public static ValidationProblem Invalid(string field, string message, string? detail = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: detail ?? $"{field}: {message}");

    /// <summary>A 400 for a spec with errors: each error under <c>spec.FIELD</c>, with its line and column, and the findings in full.</summary>
    public static ValidationProblem Spec(IReadOnlyList<SpecDiagnostic> findings)
    {
        var errors = findings.Where(f => f.Severity == DiagnosticSeverity.Error)
            .GroupBy(f => f.Field is null ? "spec" : $"spec.{f.Field}")
            .ToDictionary(g => g.Key, g => g.Select(f => $"line {f.Line}, column {f.Column}: {f.Message} ({f.Code})").ToArray());
        return TypedResults.ValidationProblem(errors, detail: "The spec has errors.", extensions: new Dictionary<string, object?> { ["diagnostics"] = Diagnostics(findings) });
    }

    private static List<object> Diagnostics(IReadOnlyList<SpecDiagnostic> findings) => [.. findings.Select(f => (object)new
    {
        severity = f.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        code = f.Code,
        message = f.Message,
        line = f.Line,
        column = f.Column,
        field = f.Field,
        file = f.File,
    })];

    /// <summary>Writes a problem straight to the response (for middleware: auth challenges, rate limits).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail }, options: null, contentType: "application/problem+json", context.RequestAborted);
    }
}
