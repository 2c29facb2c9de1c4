using Stockbeat.Core.Checks;
using Stockbeat.Server.Features.Channels;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>
/// A monitor's links to other rows, resolved from the ids and names in a request: its channels, its escalation
/// policy and its upstream monitors. Null lists mean "leave as it is".
/// </summary>
internal sealed record CheckLinks(
    IReadOnlyList<long>? ChannelIds, bool SetPolicy, long? PolicyId, IReadOnlyList<long>? UpstreamIds, string? Error)
{
    public static async Task<CheckLinks> ResolveAsync(CheckSpec spec, long projectId, IStore store, CancellationToken ct)
    {
        var channels = await ChannelSelection.ResolveAsync(spec.Channels, projectId, store, ct);
        if (channels.Error is not null)
        {
            return Failed(channels.Error);
        }

        long? policyId = null;
        if (spec.Policy is { Length: > 0 } policyText)
        {
            var uuid = Guid.Parse(policyText);
            var policy = (await store.ListPoliciesAsync(projectId, ct)).FirstOrDefault(p => p.Uuid == uuid);
            if (policy is null)
            {
                return Failed($"json validation error: policy {policyText} does not exist");
            }

            policyId = policy.Id;
        }

        List<long>? upstream = null;
        if (spec.DependsOn is { } dependsOn)
        {
            var checks = await store.FindCheckIdsAsync(projectId, dependsOn, ct);
            upstream = [];
            foreach (var uuid in dependsOn)
            {
                if (!checks.TryGetValue(uuid, out var id))
                {
                    return Failed($"json validation error: depends_on names an unknown check: {uuid}");
                }

                upstream.Add(id);
            }
        }

        return new CheckLinks(channels.Ids, spec.Policy is not null, policyId, upstream, null);
    }

    public Check Apply(Check check) => SetPolicy ? check with { PolicyId = PolicyId } : check;

    public async Task SaveAsync(long checkId, IStore store, CancellationToken ct)
    {
        await ChannelSelection.SaveAsync(ChannelIds, checkId, store, ct);
        if (UpstreamIds is not null)
        {
            await store.SetDependenciesAsync(checkId, UpstreamIds, ct);
        }
    }

    private static CheckLinks Failed(string error) => new(null, false, null, null, error);
}
