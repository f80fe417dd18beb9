using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Errand.Json;
using Errand.Secrets;

namespace Errand.Engine.Secrets;

/// <summary>
/// Secrets by name in <c>&lt;data-dir&gt;/secrets.json</c>, each value encrypted with AES-256-GCM under a key kept
/// outside the data directory (see <see cref="SecretStoreOptions"/>). Both files are mode 0600. Writes are atomic
/// and serialised across processes by a lock file; reads never see a half-written file.
/// </summary>
public sealed class SecretStore : ISecretSource
{
    private const string FileName = "secrets.json";
    private const string LockName = "secrets.lock";

    private readonly string _dataDirectory;
    private readonly string _path;
    private readonly string _lockPath;
    private readonly SecretStoreOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>A store for the data directory <paramref name="dataDirectory"/>.</summary>
    public SecretStore(string dataDirectory, SecretStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _path = Path.Combine(_dataDirectory, FileName);
        _lockPath = Path.Combine(_dataDirectory, LockName);
        _options = options ?? new SecretStoreOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        KeyFile = _options.ResolveKeyFile();
    }

    /// <summary>The file holding the encrypted secrets.</summary>
    public string FilePath => _path;

    /// <summary>The key file in use.</summary>
    public string KeyFile { get; }

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, creating the key on first use.</summary>
    /// <exception cref="ArgumentException">
    /// The name is not an environment-variable name or is reserved (<see cref="SecretName.ReservedReason"/>), or the value is empty.
    /// </exception>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        // SECRETS: a secret named HOME, PATH or HTTPS_PROXY would override what the sandbox sets; never store one.
        if (SecretName.ReservedReason(name) is { } reserved)
        {
            throw new ArgumentException($"'{name}' cannot be a secret's name: {reserved}.", nameof(name));
        }

        ArgumentException.ThrowIfNullOrEmpty(value);
        PrivateFile.CreateDirectory(_dataDirectory);
        using var fileLock = await SecretFileLock.AcquireAsync(_lockPath, _options.LockTimeout, cancellationToken);
        var document = await ReadAsync(cancellationToken);
        // A new key only for an empty store: making one beside existing secrets would orphan them all.
        var key = await SecretKeyFile.LoadAsync(KeyFile, create: document.Secrets.Count == 0, cancellationToken)
            ?? throw KeyMissing();
        try
        {
            // Refuse to mix keys in one file: a value added under another key would be unreadable to every task.
            var keyId = CheckKey(document, key);
            var now = _timeProvider.GetUtcNow();
            var createdAt = document.Secrets.TryGetValue(name, out var existing) ? existing.CreatedAt : now;
            document.Secrets[name] = SecretCipher.Encrypt(key, name, value, createdAt, now);
            await WriteAsync(document with { KeyId = keyId }, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Every secret's name and times, by name; never a value.</summary>
    public async Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var document = await ReadAsync(cancellationToken);
        return [.. document.Secrets
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SecretInfo(s.Key, s.Value.CreatedAt, s.Value.UpdatedAt))];
    }

    /// <summary>Removes <paramref name="name"/>; false when there was no such secret.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        if (!File.Exists(_path))
        {
            return false;
        }

        using var fileLock = await SecretFileLock.AcquireAsync(_lockPath, _options.LockTimeout, cancellationToken);
        var document = await ReadAsync(cancellationToken);
        if (!document.Secrets.Remove(name))
        {
            return false;
        }

        await WriteAsync(document, cancellationToken);
        return true;
    }

    /// <summary>The values of <paramref name="names"/>, decrypted.</summary>
    /// <exception cref="MissingSecretsException">Some names are not set; the exception lists all of them.</exception>
    /// <exception cref="SecretStoreException">The key is missing or wrong, or the file was altered.</exception>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in wanted)
        {
            SecretName.Validate(name);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return values;
        }

        var document = await ReadAsync(cancellationToken);
        var missing = wanted.Where(n => !document.Secrets.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSecretsException(missing);
        }

        var key = await SecretKeyFile.LoadAsync(KeyFile, create: false, cancellationToken)
            ?? throw KeyMissing();
        try
        {
            CheckKey(document, key);
            foreach (var name in wanted)
            {
                try
                {
                    values[name] = SecretCipher.Decrypt(key, name, document.Secrets[name]);
                }
                catch (Exception e) when (e is CryptographicException or FormatException)
                {
                    throw new SecretStoreException($"Secret {name} in {_path} cannot be decrypted with the key {KeyFile}: the entry was altered or written with another key.", e);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return values;
    }

    /// <inheritdoc/>
    public async Task<string> DigestAsync(IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var key = await SecretKeyFile.LoadAsync(KeyFile, create: false, cancellationToken) ?? throw KeyMissing();
        // SECRETS: a plain hash of a value would let anyone who sees the digest (an environment's key is a directory
        // name and a journal field) confirm a guess of it. The HMAC key is derived from the store's key, which never
        // leaves this process, and for this one purpose only, so it is never the key that encrypts the values.
        var digestKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.ASCII.GetBytes("errand-secret-digest-v1"));
        CryptographicOperations.ZeroMemory(key);
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, digestKey);
            foreach (var (name, value) in secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                // Length-prefixed, so no two different sets of names and values run together into the same bytes.
                foreach (var part in (string[])[name, value])
                {
                    var bytes = Encoding.UTF8.GetBytes(part);
                    hmac.AppendData(BitConverter.GetBytes(bytes.Length));
                    hmac.AppendData(bytes);
                    CryptographicOperations.ZeroMemory(bytes);
                }
            }

            return Convert.ToHexStringLower(hmac.GetHashAndReset());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digestKey);
        }
    }

    /// <summary>
    /// A 256-bit key for <paramref name="purpose"/> (not secret values: the dashboard's key ring), derived from the
    /// store's key, so one key file outside the data directory guards both and neither key is the other.
    /// </summary>
    /// <param name="purpose">What the key is for; each purpose gets its own key.</param>
    /// <param name="create">
    /// Make the store's key when there is none yet, as setting the first secret would: only while no secret is stored.
    /// </param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The key, or null when there is no key file and none may be made (the caller says what is missing).</returns>
    /// <exception cref="SecretStoreException">The key file is unusable (readable by others, damaged).</exception>
    public async Task<DerivedKey?> DeriveKeyAsync(string purpose, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var document = await ReadAsync(cancellationToken);
        if (await SecretKeyFile.LoadAsync(KeyFile, create && document.Secrets.Count == 0, cancellationToken) is not { } key)
        {
            return null;
        }

        try
        {
            return new DerivedKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.ASCII.GetBytes(purpose)), SecretKeyFile.Fingerprint(key), KeyFile);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private SecretStoreException KeyMissing() => new(
        $"The secret key {KeyFile} does not exist, so the secrets in {_path} cannot be decrypted. " +
        $"Restore the key (or point {SecretStoreOptions.KeyFileVariable} at it), or remove {_path} and set the secrets again.");

    private string CheckKey(SecretDocument document, byte[] key)
    {
        var keyId = SecretKeyFile.Fingerprint(key);
        if (document.KeyId is { } stored && document.Secrets.Count > 0 && stored != keyId)
        {
            throw new SecretStoreException(
                $"The secrets in {_path} were encrypted with a different key (fingerprint {stored}) than {KeyFile} (fingerprint {keyId}). " +
                $"Point {SecretStoreOptions.KeyFileVariable} at the original key.");
        }

        return keyId;
    }

    private async Task<SecretDocument> ReadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(_path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return SecretDocument.Empty();
        }

        try
        {
            var document = JsonSerializer.Deserialize<SecretDocument>(bytes, ErrandJson.Options)
                ?? throw new JsonException("null document");
            if (document.Version != SecretDocument.CurrentVersion)
            {
                throw new SecretStoreException($"{_path} has version {document.Version}; this Errand reads version {SecretDocument.CurrentVersion}.");
            }

            return document with { Secrets = new Dictionary<string, SecretEntry>(document.Secrets ?? [], StringComparer.Ordinal) };
        }
        catch (JsonException e)
        {
            throw new SecretStoreException($"{_path} is not a valid secrets file: {e.Message}", e);
        }
    }

    private Task WriteAsync(SecretDocument document, CancellationToken cancellationToken) =>
        PrivateFile.WriteAtomicAsync(_path, JsonSerializer.SerializeToUtf8Bytes(document, ErrandJson.Indented), overwrite: true, cancellationToken);
}
