using Errand.Application.Specs;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Specs;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/lint: what <c>errand lint</c> does for files, for spec texts (nothing is queued).</summary>
internal static class SpecEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/lint", LintAsync).WithTags("specs").RequireScope(TokenScope.Read);

    /// <summary>The name findings give the spec at <paramref name="index"/> of a request's list.</summary>
    public static string FileOf(int index) => $"specs[{index}]";

    /// <summary>What is wrong with a request's list of spec texts (none, or an empty one), or null.</summary>
    public static ValidationProblem? Problem(IReadOnlyList<string>? specs)
    {
        if (specs is not { Count: > 0 })
        {
            return ApiProblems.Invalid("specs", "give at least one spec text");
        }

        var empty = specs.ToList().FindIndex(string.IsNullOrWhiteSpace);
        return empty >= 0 ? ApiProblems.Invalid(FileOf(empty), "the spec text is empty") : null;
    }

    private static async Task<Results<Ok<LintResponse>, ValidationProblem>> LintAsync(LintRequest request, CancellationToken cancellationToken)
    {
        if (Problem(request.Specs) is { } problem)
        {
            return problem;
        }

        var specs = request.Specs!;
        var parsed = specs.Select((text, i) => SpecSources.Parse(System.Text.Encoding.UTF8.GetBytes(text), FileOf(i), baseDirectory: null)).ToList();
        var findings = await SpecLinting.LintAsync(parsed, cancellationToken);
        return TypedResults.Ok(new LintResponse(!findings.Any(f => f.Severity == DiagnosticSeverity.Error), findings));
    }
}
