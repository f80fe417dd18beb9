using System.Globalization;

namespace Errand.Dependencies;

/// <summary>
/// One entry of a spec's <c>after:</c> list as written: a task id (<c>12</c> or <c>#12</c>) or a task's name. Names resolve
/// first within the batch submitted together, then to the newest task of that name in the store.
/// </summary>
/// <param name="Id">The task id, when the entry is one.</param>
/// <param name="Name">The task name, when the entry is one.</param>
public sealed record TaskRef(long? Id, string? Name)
{
    /// <summary>Reads an entry; null with <paramref name="problem"/> set when it is neither an id nor a name.</summary>
    public static TaskRef? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var digits = value.StartsWith('#') ? value[1..] : value;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                problem = null;
                return new TaskRef(id, null);
            }

            problem = "is not a task id (a whole number from 1)";
            return null;
        }

        if (TaskName.IsValid(value))
        {
            problem = null;
            return new TaskRef(null, value);
        }

        problem = $"is neither a task id (12 or #12) nor a task name ({TaskName.Rule})";
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Id is { } id ? "#" + id.ToString(CultureInfo.InvariantCulture) : Name ?? "";
}
