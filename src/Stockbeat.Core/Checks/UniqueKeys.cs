using System.Security.Cryptography;
using System.Text;

namespace Stockbeat.Core.Checks;

/// <summary>
/// A monitor's stable id that does not reveal its uuid: the hex SHA-1 of the uuid, as Healthchecks, so read-only API
/// keys can name a monitor without being able to ping it.
/// </summary>
public static class UniqueKeys
{
    /// <summary>The unique key of the monitor with <paramref name="uuid"/>.</summary>
    /// <remarks>SHA-1 keeps the keys identical to Healthchecks'; it hides the uuid, it does not protect a secret.</remarks>
#pragma warning disable CA5350
    public static string Of(Guid uuid) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(uuid.ToString())));
#pragma warning restore CA5350

    /// <summary>Whether <paramref name="text"/> has the shape of a unique key: 40 lower-case hex digits.</summary>
    public static bool IsShaped(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);
}
