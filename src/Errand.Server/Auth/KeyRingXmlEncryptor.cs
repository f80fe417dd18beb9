using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Errand.Server.Auth;

/// <summary>Data protection's hook for encrypting a key's secret before it is stored: <see cref="KeyRingCipher"/>.</summary>
internal sealed class KeyRingXmlEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(cipher.Encrypt(plaintextElement), typeof(KeyRingXmlDecryptor));
}
