namespace Stockbeat.Core.Analysis;

/// <summary>
/// The usual value of a series and its robust spread, and whether a new value stands out from them. Durations and
/// reservation counts are judged by the same rule (docs/analysis.md).
/// </summary>
/// <param name="Median">The median of the earlier values.</param>
/// <param name="Sigma">1.4826 × MAD, but never below <see cref="MinRelativeSpread"/> of the median or 1.</param>
public sealed record Baseline(double Median, double Sigma)
{
    /// <summary>How many robust standard deviations away a value must be to stand out.</summary>
    public const double OutlierSigmas = 5;

    /// <summary>And by at least this factor, so that very steady series do not alarm on small changes.</summary>
    public const double OutlierRatio = 1.5;

    /// <summary>The spread below which the baseline is treated as this share of the median (steady series).</summary>
    public const double MinRelativeSpread = 0.05;

    /// <summary>The baseline of <paramref name="values"/> (at least one).</summary>
    public static Baseline Of(IReadOnlyList<double> values)
    {
        var median = Robust.Median(values);
        return new Baseline(median, Math.Max(Robust.MadToSigma * Robust.Mad(values, median), Math.Max(MinRelativeSpread * median, 1)));
    }

    /// <summary>Whether <paramref name="value"/> is far above the usual.</summary>
    public bool IsHigh(double value) => value > Median + (OutlierSigmas * Sigma) && value >= OutlierRatio * Median;

    /// <summary>Whether <paramref name="value"/> is far below the usual.</summary>
    public bool IsLow(double value) => value < Median - (OutlierSigmas * Sigma) && value <= Median / OutlierRatio;
}
