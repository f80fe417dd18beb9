namespace Errand.Server.Dashboard;

/// <summary>
/// Endpoint metadata marking a dashboard route: the auth handler then takes the sign-in cookie for its form posts
/// (they carry an antiforgery token), sends a browser without a credential to the sign-in page rather than a bare 401,
/// and shows a 403 page for the wrong scope.
/// </summary>
internal sealed class DashboardPage
{
    public static readonly DashboardPage Instance = new();

    private DashboardPage()
    {
    }
}
