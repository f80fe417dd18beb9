using System.Globalization;

namespace Errand.Dependencies;

/// <summary>The reasons the stores give a dependant's states, worded the same by every store.</summary>
public static class DependencyReasons
{
    /// <summary>Why a scheduled dependant became queued.</summary>
    public const string Released = "its prerequisites succeeded";

    /// <summary>Why a dependant was accepted scheduled: the prerequisites it still waits for.</summary>
    public static string Waiting(IEnumerable<long> prerequisites) =>
        "waiting for " + string.Join(", ", prerequisites.Select(id => "#" + id.ToString(CultureInfo.InvariantCulture)));
}
