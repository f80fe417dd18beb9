using System.Globalization;
using System.Runtime.CompilerServices;
using Errand.Sandboxing;
using Errand.Specs;

namespace Errand.Agents.Cli;

/// <summary>
/// One run of a CLI agent in the task's sandbox, with its model relay. Where the sandbox has a network of its own
/// (bubblewrap without <c>network: open</c>), the relay is a unix socket shown inside and a forwarder puts it on the
/// sandbox's private 127.0.0.1; elsewhere (the shared host network) it listens on the host's loopback.
/// </summary>
internal sealed class CliRun : IAsyncDisposable
{
    /// <summary>The port the in-sandbox forwarder listens on (0C39 in /proc/net/tcp).</summary>
    public const int RelayPort = 3129;

    private readonly string? _socketDirectory;
    private readonly ModelRelay? _relay;

    private CliRun(ModelRelay? relay, string? socketDirectory, Uri? modelUrl)
    {
        _relay = relay;
        _socketDirectory = socketDirectory;
        ModelUrl = modelUrl;
    }

    /// <summary>The model base URL as the CLI must see it, or null when no relay was asked for.</summary>
    public Uri? ModelUrl { get; }

    /// <summary>How the last <see cref="StreamAsync"/> ended.</summary>
    public SandboxResult? Result { get; private set; }

    public static async Task<CliRun> StartAsync(AgentRun run, RelayTarget? target, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            return new CliRun(null, null, null);
        }

        if (run.Sandbox.Backend == SandboxBackends.Bubblewrap && run.Spec.Sandbox.Network.Mode != NetworkMode.Open)
        {
            // A short path: unix socket paths are limited to 107 bytes.
            var dir = Directory.CreateTempSubdirectory("errand-relay-").FullName;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
            }

            var relay = await ModelRelay.StartAsync(target, Path.Combine(dir, "model.sock"), cancellationToken);
            return new CliRun(relay, dir, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{RelayPort}")));
        }

        var open = await ModelRelay.StartAsync(target, null, cancellationToken);
        return new CliRun(open, null, open.LoopbackUrl);
    }

    /// <summary>
    /// Runs <paramref name="executable"/> with <paramref name="arguments"/> in the sandbox and streams its output
    /// lines; leaving early stops it. <see cref="Result"/> holds how it ended once the stream is done.
    /// </summary>
    public async IAsyncEnumerable<OutputLine> StreamAsync(
        AgentRun run, CliExecutable executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> writablePaths, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = new SandboxCommand(CommandLine(executable, arguments))
        {
            Environment = environment,
            Timeout = timeout,
            ReadOnlyPaths = _socketDirectory is null ? [executable.InstallRoot] : [executable.InstallRoot, _socketDirectory],
            WritablePaths = writablePaths,
        };
        var stream = new SandboxStream();
        await foreach (var line in stream.RunAsync(run.Sandbox, command, cancellationToken))
        {
            yield return line;
        }

        Result = stream.Result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_socketDirectory is not null)
        {
            Directory.Delete(_socketDirectory, recursive: true);
        }
    }

    /// <summary>A single-quoted shell word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private string CommandLine(CliExecutable executable, IReadOnlyList<string> arguments)
    {
        var exec = $"exec {Quote(executable.Path)} {string.Join(' ', arguments.Select(Quote))} </dev/null";
        if (_socketDirectory is null)
        {
            return exec;
        }

        // The forwarder from the sandbox's private loopback to the relay socket; the CLI starts once it listens.
        return $"socat TCP-LISTEN:{RelayPort},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:{Quote(Path.Combine(_socketDirectory, "model.sock"))} & i=0; "
            + "while ! grep -q ':0C39 00000000:0000 0A' /proc/net/tcp; do i=$((i+1)); "
            + "if [ $i -gt 500 ]; then echo 'errand: the model relay forwarder did not start' >&2; exit 125; fi; sleep 0.01; done; "
            + exec;
    }
}
