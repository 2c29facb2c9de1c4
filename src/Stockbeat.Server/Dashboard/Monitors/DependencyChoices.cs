using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>
/// The monitors the form offers as upstream monitors: every other monitor of the project while they fit in a list,
/// else only those already chosen, with more named by slug or uuid (a project of a million monitors would otherwise
/// read them all and send a list of a million options with every form).
/// </summary>
/// <param name="Monitors">The monitors to list, in any order.</param>
/// <param name="All">Whether <paramref name="Monitors"/> are all the choices.</param>
internal sealed record DependencyChoices(IReadOnlyList<Check> Monitors, bool All)
{
    /// <summary>The most monitors listed as choices.</summary>
    public const int Listed = 300;

    /// <param name="except">The monitor being edited, which cannot depend on itself.</param>
    /// <param name="chosen">The uuids already chosen, listed when not all are.</param>
    public static async Task<DependencyChoices> LoadAsync(
        IStore store, long projectId, long? except, IEnumerable<string> chosen, CancellationToken ct)
    {
        var first = await store.StreamChecksAsync(projectId, ct).Where(c => c.Id != except).Take(Listed + 1).ToListAsync(ct);
        if (first.Count <= Listed)
        {
            return new DependencyChoices(first, All: true);
        }

        var listed = new List<Check>();
        foreach (var text in chosen.Distinct())
        {
            if (Guid.TryParse(text, out var uuid) && await store.GetCheckAsync(uuid, ct) is { } check && check.ProjectId == projectId)
            {
                listed.Add(check);
            }
        }

        return new DependencyChoices(listed, All: false);
    }

    /// <summary>
    /// Replaces the slugs among <paramref name="named"/> (what was typed to add upstream monitors) with the uuids of
    /// their monitors; uuids stay as typed, and are checked with the rest of the form. Null and a message when a slug
    /// names no monitor, or several.
    /// </summary>
    public static async Task<(IReadOnlyList<string>? Uuids, string? Error)> ResolveAsync(
        IStore store, long projectId, string named, CancellationToken ct)
    {
        var uuids = new List<string>();
        foreach (var item in named.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(item, out _))
            {
                uuids.Add(item);
                continue;
            }

            var matches = await store.StreamChecksAsync(projectId, new CheckFilter(Slug: item), ct).Take(2).ToListAsync(ct);
            switch (matches.Count)
            {
                case 0:
                    return (null, $"Depends on names \"{item}\", which is neither a monitor's slug nor a uuid.");
                case > 1:
                    return (null, $"Depends on names \"{item}\", the slug of several monitors; give the uuid of the one you mean.");
                default:
                    uuids.Add(matches[0].Uuid.ToString());
                    break;
            }
        }

        return (uuids, null);
    }
}
