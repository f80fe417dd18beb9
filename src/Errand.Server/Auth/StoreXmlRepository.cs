using System.Xml.Linq;
using Errand.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Errand.Server.Auth;

/// <summary>
/// The data protection key ring in Errand's store rather than the default per-user folder, so two <c>errand serve</c>
/// hosts behind one address accept each other's antiforgery tokens and a restart keeps them valid. The elements hold
/// key material: nothing here logs them.
/// </summary>
internal sealed class StoreXmlRepository(IKeyRingStore store) : IXmlRepository
{
    // Data protection asks synchronously, and rarely: when it first needs the ring, when it makes a key (about every
    // 90 days), and when it refreshes its cached ring (daily); the store's calls are async only.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListKeyRingAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.AddToKeyRingAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
    }
}
