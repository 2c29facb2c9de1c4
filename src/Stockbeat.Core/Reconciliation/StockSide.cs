namespace Stockbeat.Core.Reconciliation;

/// <summary>One of the two stock snapshots being compared.</summary>
public enum StockSide
{
    /// <summary>The reference snapshot, usually the ERP export.</summary>
    Source,

    /// <summary>The snapshot checked against the source, usually the store or channel export.</summary>
    Target,
}
