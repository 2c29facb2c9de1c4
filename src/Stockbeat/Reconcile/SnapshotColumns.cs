namespace Stockbeat.Reconcile;

/// <summary>The names of the key and quantity columns (CSV header names or JSON fields), matched case-insensitively.</summary>
internal sealed record SnapshotColumns(string Key, string Quantity)
{
    public const string DefaultKey = "sku";
    public const string DefaultQuantity = "quantity";

    public static readonly SnapshotColumns Default = new(DefaultKey, DefaultQuantity);

    public bool IsKey(ReadOnlySpan<char> name) => name.Trim().Equals(Key, StringComparison.OrdinalIgnoreCase);

    public bool IsQuantity(ReadOnlySpan<char> name) => name.Trim().Equals(Quantity, StringComparison.OrdinalIgnoreCase);

    /// <summary>The error for a file that lacks a column, listing what it has instead.</summary>
    public SnapshotException Missing(string path, string what, IEnumerable<string> found)
    {
        var missing = new List<string>(2);
        if (!found.Any(f => IsKey(f)))
        {
            missing.Add($"'{Key}'");
        }

        if (!found.Any(f => IsQuantity(f)))
        {
            missing.Add($"'{Quantity}'");
        }

        var list = string.Join(", ", found.Select(f => $"'{f}'"));
        return new SnapshotException(
            $"{path}: no {what} {string.Join(" or ", missing)} ({what}s found: {(list.Length == 0 ? "none" : list)}); " +
            "choose them with --key and --qty");
    }
}
