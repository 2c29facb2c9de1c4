using System.Security.Cryptography;
using System.Text;

namespace Stockbeat.Storage;

/// <summary>
/// Hashes keys for storage. API and ping keys are long random strings, so an unsalted SHA-256 is enough to
/// make a leaked database useless for pinging or calling the API, and it keeps lookups by hash indexable.
/// </summary>
public static class KeyHash
{
    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
