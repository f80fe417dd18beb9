using System.Formats.Tar;
using System.IO.Compression;

namespace Errand.Agents.Cli;

/// <summary>
/// A CLI's session files (those in its per-task state folder whose path names the session), packed into a
/// checkpoint's state as a gzipped tar so that any worker can resume the session, not only the one holding the folder.
/// </summary>
internal static class CliSessionFiles
{
    /// <summary>The most a checkpoint carries, compressed; a longer session starts afresh elsewhere.</summary>
    public const int MaxPackedBytes = 1 << 20;

    /// <summary>Unpacking stops past this: a damaged or forged state cannot fill the worker's disk.</summary>
    public const long MaxUnpackedBytes = 256L << 20;

    /// <summary>
    /// The session's files as base64, or null when there are none or they pack to more than
    /// <see cref="MaxPackedBytes"/>; <paramref name="packedBytes"/> says how much they took.
    /// </summary>
    public static string? Pack(string root, string sessionId, out long packedBytes)
    {
        packedBytes = 0;
        var files = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetRelativePath(root, f).Contains(sessionId, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files)
            {
                // Read whole first: the CLI may still be appending, and a tar entry's size must match its data.
                var bytes = File.ReadAllBytes(file);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, Path.GetRelativePath(root, file).Replace('\\', '/'))
                {
                    DataStream = new MemoryStream(bytes),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
        }

        packedBytes = buffer.Length;
        return buffer.Length <= MaxPackedBytes ? Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
    }

    /// <summary>Writes packed files into <paramref name="root"/>; regular files only, and none outside it.</summary>
    public static void Unpack(string packed, string root)
    {
        var inside = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(packed)), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var total = 0L;
        while (tar.GetNextEntry() is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(inside, entry.Name));
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !target.StartsWith(inside, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"the checkpoint's session files hold '{entry.Name}', which is not a file inside the session folder");
            }

            total += entry.Length;
            if (total > MaxUnpackedBytes)
            {
                throw new InvalidDataException($"the checkpoint's session files unpack to more than {MaxUnpackedBytes >> 20} MiB");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var file = File.Create(target);
            if (!OperatingSystem.IsWindows())
            {
                // Inside the task's own folder (owner only), so the moment before this is not an exposure.
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            entry.DataStream?.CopyTo(file);
        }
    }
}
