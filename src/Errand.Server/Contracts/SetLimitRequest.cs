namespace Errand.Server.Contracts;

/// <summary>PUT /api/limits: at most <c>max</c> tasks of a scope running at once: every task (global) or one repository's.</summary>
/// <param name="Global">The limit for every task.</param>
/// <param name="Repo">The limit for one repository's tasks: an absolute path or a git URL, as specs name it.</param>
/// <param name="Max">At most this many running (1 or more).</param>
internal sealed record SetLimitRequest(bool? Global, string? Repo, int? Max);
