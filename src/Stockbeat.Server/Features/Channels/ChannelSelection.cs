using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Channels;

/// <summary>Reads a monitor's <c>channels</c> field: <c>*</c> for all, or channel ids or names separated by commas.</summary>
internal static class ChannelSelection
{
    public sealed record Resolved(IReadOnlyList<long>? Ids, string? Error);

    /// <summary>Null <see cref="Resolved.Ids"/> means "leave the assignment as it is".</summary>
    public static async Task<Resolved> ResolveAsync(string? field, long projectId, IStore store, CancellationToken ct)
    {
        if (field is null)
        {
            return new Resolved(null, null);
        }

        var channels = await store.ListChannelsAsync(projectId, ct);
        if (field.Trim() == "*")
        {
            return new Resolved([.. channels.Select(c => c.Id)], null);
        }

        var ids = new List<long>();
        foreach (var token in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = channels.Where(c => string.Equals(c.Uuid.ToString(), token, StringComparison.OrdinalIgnoreCase) || c.Name == token).ToList();
            if (matches.Count != 1)
            {
                return new Resolved(null, matches.Count == 0
                    ? $"invalid channel identifier: {token}"
                    : $"name matches multiple channels: {token}");
            }

            ids.Add(matches[0].Id);
        }

        return new Resolved(ids, null);
    }

    public static Task SaveAsync(IReadOnlyList<long>? ids, long checkId, IStore store, CancellationToken ct) =>
        ids is null ? Task.CompletedTask : store.SetCheckChannelsAsync(checkId, ids, ct);
}
