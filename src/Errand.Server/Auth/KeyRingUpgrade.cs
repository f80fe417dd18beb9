using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Errand.Server.Auth;

/// <summary>
/// A ring written before Errand encrypted it holds keys in clear, and a database dump would reveal them: they are
/// revoked at start, so nothing they seal is accepted any more (a signed-in browser signs in once again) and new
/// keys are made encrypted. Revocation is data protection's own way to retire a key; the rows themselves are never changed.
/// </summary>
internal static class KeyRingUpgrade
{
    public static void RevokeClearKeys(IKeyManager keys, IReadOnlyList<Guid> clear)
    {
        if (clear.Count == 0)
        {
            return;
        }

        foreach (var key in keys.GetAllKeys().Where(k => !k.IsRevoked && clear.Contains(k.KeyId)))
        {
            keys.RevokeKey(key.KeyId, "stored unencrypted before Errand encrypted its key ring");
        }
    }
}
