using Cronos;

namespace Errand.Scheduling;

/// <summary>
/// A cron expression (5 fields, or 6 with seconds first) read in an explicit IANA time zone. Every computation takes
/// and returns UTC instants: the zone only says which instants the expression's wall-clock times are. Across DST
/// changes Cronos's rules apply: a time the spring-forward gap skips fires at the end of the gap (02:30 in Berlin on
/// the last Sunday of March fires at 03:00 CEST), a time the fall-back repeats fires once (at its first, summer-time
/// instant), and intervals (<c>*/30</c>) keep ticking through both repeated hours.
/// </summary>
public sealed class CronSchedule
{
    private const string CronosPrefix = "The given cron expression has an invalid format. ";

    private readonly CronExpression _cron;

    private CronSchedule(string expression, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        Zone = zone;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The zone the expression's times are read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Parses an expression and an IANA zone id. On failure <paramref name="problem"/> says what is wrong, naming the
    /// cron field (minutes, hours, days of month, months, days of week, seconds) or the unknown zone.
    /// </summary>
    public static bool TryParse(string expression, string zoneId, out CronSchedule? schedule, out string problem)
    {
        schedule = null;
        if (!TryParseCron(expression, out var cron, out problem))
        {
            return false;
        }

        if (!TryFindZone(zoneId, out var zone, out problem))
        {
            return false;
        }

        schedule = new CronSchedule(expression.Trim(), cron!, zone!);
        return true;
    }

    /// <summary>Parses what <see cref="TryParse"/> accepts; throws <see cref="FormatException"/> otherwise.</summary>
    public static CronSchedule Parse(string expression, string zoneId) =>
        TryParse(expression, zoneId, out var schedule, out var problem) ? schedule! : throw new FormatException(problem);

    /// <summary>The first tick strictly after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after.UtcDateTime, Zone, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The last tick at or before <paramref name="at"/> (strictly before unless <paramref name="inclusive"/>), or null.</summary>
    public DateTimeOffset? Previous(DateTimeOffset at, bool inclusive) =>
        _cron.GetPreviousOccurrence(at.UtcDateTime, Zone, inclusive) is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null;

    /// <summary>The ticks strictly after <paramref name="after"/> and strictly before <paramref name="before"/>, in order.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset before) =>
        after >= before
            ? []
            : _cron.GetOccurrences(after.UtcDateTime, before.UtcDateTime, Zone, fromInclusive: false, toInclusive: false)
                .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>The shortest time between two of the next <paramref name="ticks"/> ticks after <paramref name="from"/>.</summary>
    public TimeSpan? ShortestGap(DateTimeOffset from, int ticks)
    {
        TimeSpan? shortest = null;
        var previous = NextAfter(from);
        for (var i = 1; i < ticks && previous is { } last; i++)
        {
            var next = NextAfter(last);
            if (next is { } n && (shortest is null || n - last < shortest))
            {
                shortest = n - last;
            }

            previous = next;
        }

        return shortest;
    }

    private static bool TryParseCron(string expression, out CronExpression? cron, out string problem)
    {
        cron = null;
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            problem = $"cron '{expression}' has {fields.Length} fields; write 5 (minute hour day-of-month month day-of-week) " +
                "or 6 (second first)";
            return false;
        }

        try
        {
            cron = CronExpression.Parse(string.Join(' ', fields), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            problem = "";
            return true;
        }
        catch (CronFormatException ex)
        {
            // Cronos names the field ("Days of month: Value must be a number between 1 and 31"): keep that part.
            var detail = ex.Message.StartsWith(CronosPrefix, StringComparison.Ordinal) ? ex.Message[CronosPrefix.Length..] : ex.Message;
            problem = $"cron '{expression}': {detail}";
            return false;
        }
    }

    private static bool TryFindZone(string zoneId, out TimeZoneInfo? zone, out string problem)
    {
        // IANA ids only (Europe/Berlin, America/New_York, UTC): the same name must mean the same zone on every node.
        if (!string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out zone) && zone.HasIanaId)
        {
            problem = "";
            return true;
        }

        zone = null;
        problem = $"unknown time zone '{zoneId}'; use an IANA name such as Europe/Berlin, America/New_York or UTC";
        return false;
    }
}
