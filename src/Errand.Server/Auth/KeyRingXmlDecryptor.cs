using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Auth;

/// <summary>
/// Data protection's hook for reading a key's secret back. It is made by type name (recorded in each stored key) with
/// the application's services, so its constructor takes them and finds the <see cref="KeyRingCipher"/> there.
/// </summary>
internal sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly KeyRingCipher _cipher = services.GetRequiredService<KeyRingCipher>();

    public XElement Decrypt(XElement encryptedElement) => _cipher.Decrypt(encryptedElement);
}
