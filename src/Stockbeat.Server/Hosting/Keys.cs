using System.Security.Cryptography;

namespace Stockbeat.Server.Hosting;

/// <summary>Generates and checks the shape of API and ping keys.</summary>
internal static class Keys
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new ping key: 22 characters of a-z and 0-9, like Healthchecks'.</summary>
    public static string NewPingKey() => RandomNumberGenerator.GetString(Alphabet, 22);

    /// <summary>A new API key: 32 characters of a-z and 0-9.</summary>
    public static string NewApiKey() => RandomNumberGenerator.GetString(Alphabet, 32);

    public static bool IsValidPingKey(string key) =>
        key.Length is >= 16 and <= 64 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
