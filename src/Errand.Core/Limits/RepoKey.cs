using System.Text;
using System.Text.Json;
using Errand.Specs;

namespace Errand.Limits;

/// <summary>
/// The key a task's repository is counted under for per-repo concurrency limits: a local path made absolute without a
/// trailing separator, or a git URL without a trailing <c>/</c> or <c>.git</c>, so the ways of writing one repository
/// meet under one limit.
/// </summary>
public static class RepoKey
{
    private static readonly byte[] RepoProperty = Encoding.UTF8.GetBytes("repo");

    /// <summary>The key of <paramref name="repo"/> (a spec's <c>repo</c>); relative paths resolve against the current directory.</summary>
    public static string Normalize(string repo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repo);
        var value = repo.Trim();
        if (RepoLocation.IsUrl(value))
        {
            value = value.TrimEnd('/');
            return value.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? value[..^4] : value;
        }

        var full = Path.GetFullPath(value);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    /// <summary>
    /// The key of the <c>repo</c> of a stored spec (<see cref="TaskSpecJson"/>), or null when it has none. Reads only the
    /// top level of the JSON, since stores call it on every enqueue.
    /// </summary>
    public static string? FromSpecJson(string specJson)
    {
        ArgumentNullException.ThrowIfNull(specJson);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(specJson));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRepo = reader.ValueTextEquals(RepoProperty);
            reader.Read();
            if (isRepo)
            {
                return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } repo && repo.Trim().Length > 0
                    ? Normalize(repo)
                    : null;
            }

            reader.Skip();
        }

        return null;
    }
}
