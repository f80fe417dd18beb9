namespace Errand.Workspaces;

/// <summary>
/// A workspace could not be prepared, committed, delivered or removed. The message is written for the user who
/// submitted the task (it names the repository, base or branch involved, and git's own words where git refused).
/// </summary>
public sealed class WorkspaceException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public WorkspaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the user and the failure behind it.</summary>
    public WorkspaceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
