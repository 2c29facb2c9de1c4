using Stockbeat.Core.Checks;
using Stockbeat.Core.Incidents;

namespace Stockbeat.Storage;

/// <summary>
/// What opening an incident reads that is the same for many monitors: a project's maintenance windows and an
/// escalation policy with its steps as stored. The sweep opens a whole batch of incidents in one write transaction
/// (10 000 monitors due in the same second are 20 batches), so it reads and parses these once per transaction rather
/// than once per incident. Valid only for the transaction that filled it: a window or policy saved while that
/// transaction runs counts from the next batch on, as if the batch had run a moment earlier.
/// </summary>
internal sealed class IncidentLookups
{
    private readonly Dictionary<long, IReadOnlyList<MaintenanceRecord>> _windows = [];
    private readonly Dictionary<(long? PolicyId, long ProjectId), (EscalationPolicy Policy, string StepsJson)> _policies = [];

    /// <summary>The maintenance windows of the monitor's project.</summary>
    public async Task<IReadOnlyList<MaintenanceRecord>> WindowsAsync(Check check, Func<Task<IReadOnlyList<MaintenanceRecord>>> load)
    {
        if (!_windows.TryGetValue(check.ProjectId, out var windows))
        {
            windows = await load();
            _windows[check.ProjectId] = windows;
        }

        return windows;
    }

    /// <summary>The monitor's escalation policy and its steps serialized for the incident row.</summary>
    public async Task<(EscalationPolicy Policy, string StepsJson)> PolicyAsync(Check check, Func<Task<EscalationPolicy>> load)
    {
        var key = (check.PolicyId, check.ProjectId);
        if (!_policies.TryGetValue(key, out var policy))
        {
            var loaded = await load();
            policy = (loaded, PolicyJson.SerializeSteps(loaded.Steps));
            _policies[key] = policy;
        }

        return policy;
    }
}
