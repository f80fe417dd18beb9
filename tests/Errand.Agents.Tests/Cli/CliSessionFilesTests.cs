using System.Formats.Tar;
using System.IO.Compression;
using Errand.Agents.Cli;

namespace Errand.Agents.Tests.Cli;

public sealed class CliSessionFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("errand-session-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    [Fact]
    public void PackThenUnpack_SessionFilesOnly_RestoresThemIntoAnEmptyFolder()
    {
        var from = Folder("from");
        Directory.CreateDirectory(Path.Combine(from, "projects", "-workspace"));
        File.WriteAllText(Path.Combine(from, "projects", "-workspace", "s-123.jsonl"), "{\"turn\":1}\n");
        File.WriteAllText(Path.Combine(from, "projects", "-workspace", "s-999.jsonl"), "another session");
        File.WriteAllText(Path.Combine(from, "config.toml"), "not a session file");

        var packed = CliSessionFiles.Pack(from, "s-123", out var bytes);
        var to = Folder("to");
        CliSessionFiles.Unpack(packed!, to);

        Assert.InRange(bytes, 1, CliSessionFiles.MaxPackedBytes);
        Assert.Equal(["projects/-workspace/s-123.jsonl"], Directory.EnumerateFiles(to, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(to, f)));
        Assert.Equal("{\"turn\":1}\n", File.ReadAllText(Path.Combine(to, "projects", "-workspace", "s-123.jsonl")));
    }

    [Fact]
    public void Pack_OverTheCap_ReturnsNullWithTheSize()
    {
        var from = Folder("big");
        File.WriteAllBytes(Path.Combine(from, "s-1.jsonl"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(CliSessionFiles.MaxPackedBytes + 1000));

        Assert.Null(CliSessionFiles.Pack(from, "s-1", out var bytes));
        Assert.True(bytes > CliSessionFiles.MaxPackedBytes);
    }

    [Fact]
    public void Unpack_EntryClimbingOut_IsRefusedAndWritesNothingOutside()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../escaped.txt") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var to = Folder("to");
        Assert.Throws<InvalidDataException>(() => CliSessionFiles.Unpack(Convert.ToBase64String(buffer.ToArray()), to));
        Assert.False(File.Exists(Path.Combine(_root, "escaped.txt")));
    }
}
