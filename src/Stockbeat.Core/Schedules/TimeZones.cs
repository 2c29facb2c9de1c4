using System.Diagnostics.CodeAnalysis;

namespace Stockbeat.Core.Schedules;

/// <summary>Looks up IANA time zones without throwing.</summary>
public static class TimeZones
{
    /// <summary>Finds an IANA zone by id (<c>UTC</c>, <c>Europe/Berlin</c>, …).</summary>
    public static bool TryFind(string id, [MaybeNullWhen(false)] out TimeZoneInfo zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        // .NET also resolves Windows names and ignores case; Healthchecks takes exact IANA ids only, and a
        // stored id must resolve the same way on any host.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
            || !found.HasIanaId
            || !string.Equals(found.Id, id, StringComparison.Ordinal))
        {
            return false;
        }

        zone = found;
        return true;
    }
}
