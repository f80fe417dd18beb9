namespace Errand.Cli.Backends;

/// <summary>How much more budget, as typed (<c>15m</c>, <c>20</c>, <c>200k</c>, <c>1.50</c>); read by <see cref="Application.Tasks.BudgetExtension"/>.</summary>
internal sealed record BudgetAmounts(string? Time, string? Steps, string? Tokens, string? Cost);
