using Stockbeat.Core.Checks;

namespace Stockbeat.Core.Incidents;

/// <summary>What to do about a monitor that is down and has no open incident.</summary>
public enum IncidentDecision
{
    /// <summary>Open an incident and escalate it.</summary>
    Open,

    /// <summary>Open an incident attached to the upstream's: recorded, but it pages nobody on its own.</summary>
    AttachToUpstream,

    /// <summary>Inside a maintenance window: no incident now; one opens when the window ends if still down.</summary>
    Suppress,
}

/// <summary>Pure rules for opening incidents.</summary>
public static class IncidentRules
{
    /// <summary>
    /// Decides for a down monitor at <paramref name="now"/>. Maintenance wins over dependencies: during planned
    /// downtime nothing opens at all.
    /// </summary>
    public static IncidentDecision Decide(
        Check check, DateTimeOffset now, IEnumerable<MaintenanceWindow> windows, bool upstreamHasOpenIncident)
    {
        if (windows.Any(w => w.Covers(check) && w.IsOpenAt(now)))
        {
            return IncidentDecision.Suppress;
        }

        return upstreamHasOpenIncident ? IncidentDecision.AttachToUpstream : IncidentDecision.Open;
    }
}
