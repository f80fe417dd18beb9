namespace Errand.Workspaces.Tests.Support;

/// <summary>
/// A source repository with history: an initial commit (tagged v1, annotated), a "feature" branch off it, and a
/// second commit on main, which is checked out.
/// </summary>
internal sealed class TestRepo
{
    public const string GuideText = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n";

    private TestRepo(string path) => Path = path;

    public string Path { get; }

    public string Initial { get; private set; } = "";

    public string Feature { get; private set; } = "";

    public string Main { get; private set; } = "";

    public static async Task<TestRepo> CreateAsync(string path)
    {
        Directory.CreateDirectory(path);
        var repo = new TestRepo(path);
        await repo.GitAsync("init", "--quiet", "--initial-branch=main");
        repo.Write("README.md", "# demo\n");
        repo.Write("src/app.txt", "one\ntwo\nthree\n");
        repo.Write("docs/guide.md", GuideText);
        repo.Write("obsolete.txt", "a\nb\n");
        repo.Write(".gitignore", "*.log\nbuild/\n");
        repo.Initial = await repo.CommitAllAsync("initial");
        await repo.GitAsync("tag", "--annotate", "v1", "--message", "version 1");

        await repo.GitAsync("switch", "--quiet", "--create", "feature");
        repo.Write("feature.txt", "feature\n");
        repo.Feature = await repo.CommitAllAsync("feature work");

        await repo.GitAsync("switch", "--quiet", "main");
        repo.Write("src/app.txt", "one\ntwo\nthree\nfour\n");
        repo.Main = await repo.CommitAllAsync("second");
        return repo;
    }

    public Task<string> GitAsync(params string[] arguments) => TestGit.RunAsync(Path, arguments);

    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public async Task<string> CommitAllAsync(string message)
    {
        await GitAsync("add", "--all");
        await GitAsync("commit", "--quiet", "--message", message);
        return await GitAsync("rev-parse", "HEAD");
    }
}
