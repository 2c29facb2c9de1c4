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

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            return false;
        }

        zone = found;
        return true;
    }
}
