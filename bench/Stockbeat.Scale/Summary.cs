using System.Globalization;

namespace Stockbeat.Scale;

/// <summary>Percentiles of a set of samples (nearest rank on the sorted samples).</summary>
internal sealed record Summary(int Count, double P50, double P99, double Max)
{
    public static Summary Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? new Summary(0, double.NaN, double.NaN, double.NaN) : new Summary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    public string Format(string unit, string format = "0.0") =>
        string.Create(CultureInfo.InvariantCulture,
            $"p50 {P50.ToString(format, CultureInfo.InvariantCulture)} {unit}, p99 {P99.ToString(format, CultureInfo.InvariantCulture)} {unit}, max {Max.ToString(format, CultureInfo.InvariantCulture)} {unit} (n = {Count})");

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
