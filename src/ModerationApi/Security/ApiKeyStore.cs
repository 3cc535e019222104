using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ModerationApi.Security;

/// <summary>Resolves a presented key to its entry, comparing hashes in constant time.</summary>
internal sealed class ApiKeyStore
{
    private readonly (byte[] Hash, ApiKeyEntry Entry)[] _keys;

    public ApiKeyStore(IOptions<ApiKeyOptions> options)
    {
        var keys = options.Value.Keys.Select(k => (Convert.FromHexString(k.Sha256), k)).ToList();
        if (!string.IsNullOrEmpty(options.Value.PlainKey))
        {
            keys.Add((Hash(options.Value.PlainKey), new ApiKeyEntry { Name = "env:" + ApiKeyOptions.PlainKeyVariable, Scopes = [.. Scopes.All] }));
        }

        _keys = [.. keys];
    }

    public bool IsEmpty => _keys.Length == 0;

    public ApiKeyEntry? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKeyEntry? found = null;

        // Visit every key so the time taken does not reveal which entry matched or how many there are before it.
        foreach (var (candidate, entry) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                found = entry;
            }
        }

        return found;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
