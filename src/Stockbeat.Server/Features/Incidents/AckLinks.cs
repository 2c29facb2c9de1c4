using System.Security.Cryptography;
using System.Text;

namespace Stockbeat.Server.Features.Incidents;

/// <summary>
/// Signed acknowledgement links for alerts: <c>/ack/{incident}/{signature}</c>. The signature is an HMAC of the
/// incident id with a secret kept in the database (the same on every node), so a link cannot be forged for
/// another incident. A link works once: after the acknowledgement the incident is no longer acknowledgeable.
/// </summary>
internal sealed class AckLinks
{
    public const string SecretSetting = "ack_link_secret";

    private byte[]? _secret;

    /// <summary>Loaded at start-up by the bootstrapper.</summary>
    public void UseSecret(string secret) => _secret = Encoding.UTF8.GetBytes(secret);

    public string Signature(long incidentId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes($"ack:{incidentId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_')[..22];

    public bool IsValid(long incidentId, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(incidentId)), Encoding.ASCII.GetBytes(signature));

    public string Url(string baseUrl, long incidentId) => $"{baseUrl}/ack/{incidentId}/{Signature(incidentId)}";

    private byte[] Secret => _secret ?? throw new InvalidOperationException("The acknowledgement secret is not loaded yet.");
}
