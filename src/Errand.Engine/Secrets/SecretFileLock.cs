namespace Errand.Engine.Secrets;

/// <summary>
/// An exclusive lock on <c>secrets.lock</c> held across a read-modify-write of <c>secrets.json</c>, so two
/// writers (two CLI processes, or two stores in one process) cannot each read the old file and lose the other's write.
/// </summary>
internal sealed class SecretFileLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly FileStream _stream;

    private SecretFileLock(FileStream stream) => _stream = stream;

    public static async Task<SecretFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Attempts are counted rather than timed: this is a physical back-off against another process, and an
        // injected fake clock that never moves must not turn it into an endless wait.
        var attempts = Math.Max(1, (int)(timeout / RetryDelay));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // On Unix .NET takes FileShare.None as an exclusive flock(2), which other processes and other
                // open handles in this process respect; the kernel drops it if the holder dies.
                return new SecretFileLock(new FileStream(path, PrivateFile.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)));
            }
            catch (IOException) when (attempt < attempts)
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (IOException e)
            {
                throw new SecretStoreException($"Another process has held {path} for over {timeout.TotalSeconds:0} s; try again.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
