using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Errand.Server.Hosting;

/// <summary>
/// How many submissions one token may make per window. Per token, not per address: many people behind one proxy do not
/// share a limit, and one script cannot flood the queue by opening more connections.
/// </summary>
/// <param name="Permits">Submissions allowed per window.</param>
/// <param name="Window">The window.</param>
public sealed record SubmitRateLimit(int Permits, TimeSpan Window)
{
    /// <summary>The rate-limiter policy name submission routes use.</summary>
    public const string Policy = "submit";

    /// <summary>The default: 60 a minute.</summary>
    public static SubmitRateLimit Default { get; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary>Parses <c>N/WINDOW</c>, e.g. <c>60/1m</c> or <c>5/10s</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="parseWindow">Parses the window (the CLI's duration syntax).</param>
    /// <param name="limit">The limit, when it parsed.</param>
    public static bool TryParse(string text, Func<string, TimeSpan?> parseWindow, out SubmitRateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parseWindow);
        limit = Default;
        var parts = text.Split('/', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var permits) || permits < 1
            || parseWindow(parts[1]) is not { } window || window <= TimeSpan.Zero)
        {
            return false;
        }

        limit = new SubmitRateLimit(permits, window);
        return true;
    }

    internal void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.User.Identity?.Name ?? "",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Permits, Window = Window, QueueLimit = 0 }));
        options.OnRejected = (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(ApiProblems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"this token may submit {Permits} tasks per {Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; retry after {seconds}s"));
        };
    }
}
