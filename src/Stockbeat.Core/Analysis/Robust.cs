namespace Stockbeat.Core.Analysis;

/// <summary>Statistics that a few wild values cannot drag: median, MAD, percentiles, Theil–Sen slope.</summary>
public static class Robust
{
    /// <summary>Scales a MAD to the standard deviation it equals for normally distributed data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median; the mean of the middle two for an even count.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Median absolute deviation from the median.</summary>
    public static double Mad(IReadOnlyList<double> values, double median) =>
        Median([.. values.Select(v => Math.Abs(v - median))]);

    /// <summary>The <paramref name="p"/>-th percentile (0–1) with linear interpolation between ranks.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    /// <summary>
    /// The Theil–Sen slope (median of the slopes between every pair of points with distinct x) and the share of
    /// those pairs that rise, which tells a steady trend from a slope that noise made.
    /// </summary>
    public static (double Slope, double RisingShare) TheilSen(IReadOnlyList<(double X, double Y)> points)
    {
        var slopes = new List<double>(points.Count * (points.Count - 1) / 2);
        var rising = 0;
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                var dx = points[j].X - points[i].X;
                if (dx == 0)
                {
                    continue;
                }

                var slope = (points[j].Y - points[i].Y) / dx;
                slopes.Add(slope);
                if (slope > 0)
                {
                    rising++;
                }
            }
        }

        return slopes.Count == 0 ? (0, 0) : (Median(slopes), (double)rising / slopes.Count);
    }
}
