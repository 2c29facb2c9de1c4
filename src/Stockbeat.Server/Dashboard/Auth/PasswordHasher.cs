using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stockbeat.Server.Dashboard.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes in a self-describing form <c>pbkdf2-sha256$iterations$salt$hash</c>, so that the
/// iteration count can be raised later without breaking stored hashes.
/// </summary>
internal static class PasswordHasher
{
    private const string Algorithm = "pbkdf2-sha256";

    // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    private const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>The shortest password the dashboard accepts.</summary>
    public const int MinLength = 10;

    // Verified against when the account does not exist, so that a wrong email takes as long as a wrong password.
    private static readonly string Decoy = Hash("decoy password never used");

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Algorithm, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="stored"/>; a null hash spends the same time and fails.</summary>
    public static bool Verify(string password, string? stored)
    {
        var parts = (stored ?? Decoy).Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }
}
