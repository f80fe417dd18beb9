using Errand.Agents.Builtin;
using Errand.Agents.Tests.Support;

namespace Errand.Agents.Tests.Tools;

/// <summary>Each tool of the builtin agent on a real workspace and the real none sandbox; errors are results, not crashes.</summary>
public sealed class AgentToolboxTests
{
    [Fact]
    public async Task EditFile_OldStringMissing_RefusesAndSaysSo()
    {
        await using var bed = await AgentTestbed.CreateAsync();

        var result = await new ToolBench(bed).CallAsync("edit_file", new { path = "greet.sh", old_string = "Goodbye", new_string = "x" });

        Assert.StartsWith("error: old_string was not found in greet.sh", result, StringComparison.Ordinal);
        Assert.Contains("Helo", bed.Read("greet.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditFile_OldStringTwice_RefusesNamingTheLines()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("twice.txt", "a = 1\nb = 2\na = 1\n");

        var result = await new ToolBench(bed).CallAsync("edit_file", new { path = "twice.txt", old_string = "a = 1", new_string = "a = 3" });

        Assert.Equal("error: old_string occurs 2 times in twice.txt (at lines 1, 3); include more surrounding text so it matches exactly once", result);
        Assert.Equal("a = 1\nb = 2\na = 1\n", bed.Read("twice.txt"));
    }

    [Fact]
    public async Task EditFile_UniqueMatch_ReplacesIt()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("twice.txt", "a = 1\nb = 2\na = 1\n");

        var result = await new ToolBench(bed).CallAsync("edit_file", new { path = "twice.txt", old_string = "b = 2\na = 1", new_string = "b = 2\na = 3" });

        Assert.Equal("edited twice.txt: replaced 1 occurrence at line 2", result);
        Assert.Equal("a = 1\nb = 2\na = 3\n", bed.Read("twice.txt"));
    }

    [Fact]
    public async Task WriteFile_ThroughSymlinkOutOfWorkspace_IsRefused()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var outside = Directory.CreateTempSubdirectory("errand-outside-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(bed.Workspace, "out"), outside);

            var result = await new ToolBench(bed).CallAsync("write_file", new { path = "out/pwned.txt", content = "x" });

            Assert.StartsWith("error: path 'out/pwned.txt' goes through the symlink 'out'", result, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outside, "pwned.txt")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task ReadFile_LongFile_ReturnsARangeAndSaysWhereToGoOn()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("long.txt", string.Concat(Enumerable.Range(1, 50).Select(i => $"line {i}\n")));
        var bench = new ToolBench(bed, new BuiltinAgentOptions { MaxReadLines = 10 });

        var first = await bench.CallAsync("read_file", new { path = "long.txt" });
        var range = await bench.CallAsync("read_file", new { path = "long.txt", start_line = 48, end_line = 60 });

        Assert.StartsWith("[long.txt: lines 1-10 of 50]\nline 1\n", first, StringComparison.Ordinal);
        Assert.EndsWith("line 10\n[40 more lines; read on with start_line=11]", first, StringComparison.Ordinal);
        Assert.Equal("[long.txt: lines 48-50 of 50]\nline 48\nline 49\nline 50", range);
    }

    [Fact]
    public async Task ListFiles_Glob_ListsMatchingFilesNotGitInternals()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("src/a.cs", "");
        bed.Repo.WriteFile("src/deep/b.cs", "");

        Assert.Equal("src/a.cs\nsrc/deep/b.cs", await new ToolBench(bed).CallAsync("list_files", new { pattern = "**/*.cs" }));
        Assert.DoesNotContain(".git/", await new ToolBench(bed).CallAsync("list_files", new { }), StringComparison.Ordinal);
        Assert.Equal("deep/b.cs".Insert(0, "src/"), await new ToolBench(bed).CallAsync("list_files", new { path = "src", pattern = "deep/*" }));
    }

    [Fact]
    public async Task SearchText_LiteralAndRegex_ReturnBoundedMatches()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("many.txt", string.Concat(Enumerable.Range(1, 30).Select(i => $"needle {i}\n")));
        var bench = new ToolBench(bed, new BuiltinAgentOptions { MaxListResults = 5 });

        var literal = await bench.CallAsync("search_text", new { query = "Helo, world" });
        var regex = await bench.CallAsync("search_text", new { query = @"needle \d+", regex = true });
        var bad = await bench.CallAsync("search_text", new { query = "(", regex = true });

        Assert.Equal("greet.sh:2: echo \"Helo, world!\"", literal);
        Assert.StartsWith("many.txt:1: needle 1\n", regex, StringComparison.Ordinal);
        Assert.EndsWith("many.txt:5: needle 5\n[25 more matches not shown; narrow the query, path or glob]", regex, StringComparison.Ordinal);
        Assert.StartsWith("error: not a valid regular expression", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_LongOutput_StreamsEveryLineAndCutsTheResultWithANote()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var bench = new ToolBench(bed, new BuiltinAgentOptions { MaxToolOutputChars = 1_000, ContextWindowTokens = 2_000, CompactAt = 0.5 });

        var result = await bench.CallAsync("run_command", new { command = "seq 1 2000; exit 3" });

        Assert.Equal(2000, bench.Events.OfType<AgentOutput>().Count());
        Assert.StartsWith("exit code 3 after ", result, StringComparison.Ordinal);
        Assert.Contains("\n1\n2\n", result, StringComparison.Ordinal);
        Assert.EndsWith("\n1999\n2000", result, StringComparison.Ordinal);
        Assert.Matches(@"\[… [\d,]+ characters \([\d,]+ lines\) cut from the middle of this output …\]", result);
        Assert.True(result.Length <= 1_300, $"result is {result.Length} characters");
    }

    [Fact]
    public async Task RunCommand_PastItsTimeout_IsKilledAndSaysSo()
    {
        await using var bed = await AgentTestbed.CreateAsync();

        var result = await new ToolBench(bed).CallAsync("run_command", new { command = "echo started; sleep 30", timeout_seconds = 1 });

        Assert.StartsWith("timed out after", result, StringComparison.Ordinal);
        Assert.Contains("started", result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no_such_tool", "{}", "error: there is no tool 'no_such_tool'")]
    [InlineData("read_file", "{}", "error: missing required argument 'path'")]
    [InlineData("read_file", """{"path":"/etc/passwd"}""", "error: path '/etc/passwd' is absolute")]
    [InlineData("read_file", """{"path":"missing.txt"}""", "error: no file 'missing.txt' in the workspace")]
    [InlineData("read_file", """{"path":"greet.sh","start_line":"x"}""", "error: argument 'start_line' must be a whole number")]
    [InlineData("run_command", """{"command":"true","cwd":"../.."}""", "error: path '../..' leaves the workspace")]
    public async Task RunAsync_BadCall_ReturnsAnErrorResult(string tool, string argsJson, string expected)
    {
        await using var bed = await AgentTestbed.CreateAsync();

        var result = await new ToolBench(bed).CallAsync(tool, System.Text.Json.JsonDocument.Parse(argsJson).RootElement);

        Assert.StartsWith(expected, result, StringComparison.Ordinal);
    }
}
