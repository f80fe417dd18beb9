using System.Runtime.ExceptionServices;
using System.Xml.Linq;
using Errand.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Errand.Server.Auth;

/// <summary>
/// Keeps the data protection key ring in the store instead of a per-user folder, so every <c>errand serve</c> on one
/// database seals and opens the same antiforgery tokens and sign-in cookies, across restarts. What it keeps has each
/// key's secret encrypted (<see cref="KeyRingCipher"/>).
/// </summary>
internal sealed class StoreXmlRepository(IKeyRingStore store) : IXmlRepository
{
    /// <summary>How long a key ring read or write may take before data protection is told it failed.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Data protection asks synchronously, and rarely: when it first needs the ring (warmed at start, off the request
    // path), when it makes a key (about every 90 days), when it refreshes its cached ring (daily) and when a payload names
    // a key it has not seen. The store's calls are async only. Each runs on the thread pool, never on the caller's
    // synchronization context (which would deadlock waiting for itself), and is waited for with a deadline that also
    // cancels it: on a starved pool the wait ends in an exception data protection handles (it keeps its cached ring and
    // retries), never in a thread blocked for good.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. Wait(ct => store.ListKeyRingAsync(ct), "read").Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        Wait(async ct =>
        {
            await store.AddToKeyRingAsync(friendlyName, xml, ct);
            return true;
        }, "write");
    }

    private static T Wait<T>(Func<CancellationToken, Task<T>> call, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var task = Task.Run(() => call(deadline.Token), deadline.Token);
        try
        {
            if (!task.Wait(Patience + TimeSpan.FromSeconds(5)))
            {
                throw new TimeoutException($"The key ring {what} in the store took more than {Patience.TotalSeconds:0}s.");
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            if (ex.InnerExceptions[0] is OperationCanceledException cancelled)
            {
                throw new TimeoutException($"The key ring {what} in the store took more than {Patience.TotalSeconds:0}s.", cancelled);
            }

            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        return task.Result;
    }
}
