using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Auth;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the database, so that every node of a PostgreSQL cluster reads
/// the cookies and antiforgery tokens the others wrote, and a restart does not sign everyone out.
/// </summary>
/// <remarks>
/// The interface is synchronous; Data Protection caches the key ring and calls it only at start and on key rotation,
/// so blocking here does not hold request threads in the steady state.
/// </remarks>
internal sealed class StoreXmlRepository(IStore store, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListDataProtectionKeysAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddDataProtectionKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow(), CancellationToken.None)
            .GetAwaiter().GetResult();
}
