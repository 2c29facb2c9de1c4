using System.Text.RegularExpressions;
using Stockbeat.Core.Checks;

namespace Stockbeat.Server.Dashboard.Overview;

/// <summary>
/// The source and destination of a sync, read from the monitor's name the way teams name them:
/// "erp → website", "ERP -> Amazon", "supplier to erp", "erp-to-ebay". Null when the name says neither.
/// </summary>
internal sealed partial record SyncRoute(string Source, string Destination)
{
    public static SyncRoute? Of(Check check) => Parse(check.Name) ?? Parse(check.Slug);

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

    [GeneratedRegex(@"\s*(→|->|=>)\s*|\s+to\s+|(?<=\w)-to-(?=\w)|(?<=\w)_to_(?=\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
