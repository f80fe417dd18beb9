using Errand.Tokens;

namespace Errand.Server.Dashboard;

/// <summary>What every dashboard page knows about the request: who is signed in, what they may do, the form token.</summary>
/// <param name="User">The token's name.</param>
/// <param name="Scope">The token's scope.</param>
/// <param name="Path">The page's path (for the navigation's current item).</param>
/// <param name="FormField">The antiforgery form field's name.</param>
/// <param name="FormToken">The antiforgery token every form posts back.</param>
/// <param name="InboxCount">Open questions, for the navigation's badge.</param>
public sealed record DashboardContext(string User, TokenScope Scope, string Path, string FormField, string FormToken, int InboxCount)
{
    /// <summary>Whether the signed-in token may do what needs <paramref name="scope"/>.</summary>
    /// <param name="scope">The scope an action needs.</param>
    public bool Can(TokenScope scope) => Scope.Grants(scope);
}
