namespace Errand.Engine.Secrets;

/// <summary>Files only their owner can read, written so a reader never sees half of one.</summary>
internal static class PrivateFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Options that create a file as 0600 from its first byte, so there is no moment it is readable by others.</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && mode is FileMode.CreateNew or FileMode.Create or FileMode.OpenOrCreate)
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return options;
    }

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>
    /// Writes to a 0600 temporary file beside <paramref name="path"/>, flushes it to disk and renames it over
    /// <paramref name="path"/>: a crash leaves either the old file or the new one, never a torn one.
    /// With <paramref name="overwrite"/> false, returns false (and writes nothing) when the file already exists.
    /// </summary>
    public static async Task<bool> WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            await using (var stream = new FileStream(temporary, Options(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True when group or others may read or write the file.</summary>
    public static bool IsExposed(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0;
}
