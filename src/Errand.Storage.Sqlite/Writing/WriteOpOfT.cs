namespace Errand.Storage.Sqlite.Writing;

/// <summary>A <see cref="WriteOp"/> whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class WriteOp<T>(CancellationToken cancellationToken) : WriteOp(cancellationToken)
{
    // Continuations run on the thread pool, never on the writer thread, which must get back to committing.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Completion => _completion.Task;

    /// <summary>The outcome of the last <see cref="WriteOp.Execute"/>.</summary>
    protected abstract T Result { get; }

    public override void Finish()
    {
        if (Error is null)
        {
            _completion.TrySetResult(Result);
        }
        else
        {
            _completion.TrySetException(Error);
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
