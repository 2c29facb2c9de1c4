using System.Text.RegularExpressions;
using Stockbeat.Core.Checks;

namespace Stockbeat.Server.Dashboard.Overview;

/// <summary>
/// The source and destination of a sync: the monitor's <c>source</c> and <c>destination</c> fields when set, else read
/// from its name the way teams name them: "erp → website", "ERP -> Amazon", "supplier to erp", "erp-to-ebay".
/// Null when neither says anything.
/// </summary>
internal sealed partial record SyncRoute(string Source, string Destination)
{
    /// <summary>Shown for the side of a route that neither the fields nor the name give.</summary>
    public const string Unknown = "unknown";

    public static SyncRoute? Of(Check check)
    {
        var named = Parse(check.Name) ?? Parse(check.Slug);
        var source = Clean(check.Source);
        var destination = Clean(check.Destination);
        if (source is null && destination is null)
        {
            return named;
        }

        // One field set: the name may still give the other side.
        return new SyncRoute(source ?? named?.Source ?? Unknown, destination ?? named?.Destination ?? Unknown);
    }

    public static SyncRoute? Parse(string name)
    {
        var match = Separator().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var source = name[..match.Index].Trim().ToLowerInvariant();
        var destination = name[(match.Index + match.Length)..].Trim().ToLowerInvariant();
        return source.Length == 0 || destination.Length == 0 ? null : new SyncRoute(source, destination);
    }

    // Lower-cased like the names, so that "ERP" in a field and "erp → web" in a name share a group.
    private static string? Clean(string? field) => field?.Trim() is { Length: > 0 } text ? text.ToLowerInvariant() : null;

    [GeneratedRegex(@"\s*(→|->|=>)\s*|\s+to\s+|(?<=\w)-to-(?=\w)|(?<=\w)_to_(?=\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
