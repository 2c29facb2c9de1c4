using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>A monitor's escalation policy and upstream monitors, resolved from the ids in a request.</summary>
internal sealed record CheckLinks(bool SetPolicy, long? PolicyId, IReadOnlyList<long>? UpstreamIds, string? Error)
{
    public static async Task<CheckLinks> ResolveAsync(CheckSpec spec, long projectId, IStore store, CancellationToken ct)
    {
        long? policyId = null;
        if (spec.Policy is { Length: > 0 } policyText)
        {
            var uuid = Guid.Parse(policyText);
            var policy = (await store.ListPoliciesAsync(projectId, ct)).FirstOrDefault(p => p.Uuid == uuid);
            if (policy is null)
            {
                return new CheckLinks(false, null, null, $"json validation error: policy {policyText} does not exist");
            }

            policyId = policy.Id;
        }

        List<long>? upstream = null;
        if (spec.DependsOn is { } dependsOn)
        {
            var checks = (await store.ListChecksAsync(projectId, ct)).ToDictionary(c => c.Uuid, c => c.Id);
            upstream = [];
            foreach (var uuid in dependsOn)
            {
                if (!checks.TryGetValue(uuid, out var id))
                {
                    return new CheckLinks(false, null, null, $"json validation error: depends_on names an unknown check: {uuid}");
                }

                upstream.Add(id);
            }
        }

        return new CheckLinks(spec.Policy is not null, policyId, upstream, null);
    }

    public Check Apply(Check check) => SetPolicy ? check with { PolicyId = PolicyId } : check;

    public Task SaveAsync(long checkId, IStore store, CancellationToken ct) =>
        UpstreamIds is null ? Task.CompletedTask : store.SetDependenciesAsync(checkId, UpstreamIds, ct);
}
