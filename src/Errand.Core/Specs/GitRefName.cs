namespace Errand.Specs;

/// <summary>
/// The rules of <c>git check-ref-format</c>, applied to names a spec hands to git (<c>base</c>, <c>deliver.branch</c>),
/// plus a refusal of a leading '-' so no name can be read as a command-line option.
/// </summary>
internal static class GitRefName
{
    private const string Forbidden = "~^:?*[\\";

    /// <summary>What is wrong with <paramref name="name"/>, or null when git would accept it.</summary>
    /// <param name="name">The ref, branch or commit name.</param>
    /// <param name="branch">True for a branch to create, which also may not be <c>HEAD</c>.</param>
    public static string? Problem(string name, bool branch)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (name.StartsWith('-'))
        {
            return "starts with '-', which git would read as an option";
        }

        if (name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "contains whitespace or a control character";
        }

        var bad = name.IndexOfAny(Forbidden.ToCharArray());
        if (bad >= 0)
        {
            return $"contains '{name[bad]}', which git does not allow in a ref name";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "contains '..', which git does not allow in a ref name";
        }

        if (name.Contains("@{", StringComparison.Ordinal) || name == "@")
        {
            return "contains '@{' or is '@', which git reads as a revision expression";
        }

        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal))
        {
            return "has an empty part between slashes, or starts or ends with '/'";
        }

        if (name.EndsWith('.'))
        {
            return "ends with '.'";
        }

        foreach (var part in name.Split('/'))
        {
            if (part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal))
            {
                return $"has a part '{part}' that starts with '.' or ends with '.lock'";
            }
        }

        return branch && name == "HEAD" ? "is 'HEAD', which is not a branch name" : null;
    }
}
