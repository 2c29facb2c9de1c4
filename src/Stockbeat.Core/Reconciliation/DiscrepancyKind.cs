namespace Stockbeat.Core.Reconciliation;

/// <summary>Why a SKU is listed as a discrepancy.</summary>
public enum DiscrepancyKind
{
    /// <summary>On both sides with different quantities, and not oversold.</summary>
    QuantityDiffers,

    /// <summary>In the source only.</summary>
    MissingInTarget,

    /// <summary>In the target only, and not oversold.</summary>
    MissingInSource,

    /// <summary>
    /// The store can sell units the ERP does not hold: the target quantity is below zero, or the SKU is on both
    /// sides and the target quantity is above zero and above the source quantity.
    /// </summary>
    Oversold,
}

/// <summary>Wire names of discrepancy kinds, as the output files and reports spell them.</summary>
public static class DiscrepancyKindNames
{
    /// <summary>The wire name: <c>quantity_differs</c>, <c>missing_in_target</c>, <c>missing_in_source</c>, <c>oversold</c>.</summary>
    public static string ToWire(this DiscrepancyKind kind) => kind switch
    {
        DiscrepancyKind.QuantityDiffers => "quantity_differs",
        DiscrepancyKind.MissingInTarget => "missing_in_target",
        DiscrepancyKind.MissingInSource => "missing_in_source",
        DiscrepancyKind.Oversold => "oversold",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
