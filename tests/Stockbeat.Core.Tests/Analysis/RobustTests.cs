using Stockbeat.Core.Analysis;

namespace Stockbeat.Core.Tests.Analysis;

public sealed class RobustTests
{
    [Theory]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 1, 2, 3, 4, 1000 }, 3)]
    public void Median_IsMiddleValue(double[] values, double expected)
    {
        Assert.Equal(expected, Robust.Median(values));
    }

    [Fact]
    public void Median_Throws_WhenEmpty()
    {
        Assert.Throws<ArgumentException>(() => Robust.Median([]));
    }

    [Fact]
    public void Mad_IgnoresOneWildValue()
    {
        double[] values = [10, 11, 9, 10, 12, 8, 10, 5000];

        Assert.Equal(1, Robust.Mad(values, Robust.Median(values)));
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.5, 50.5)]
    [InlineData(0.95, 95.05)]
    [InlineData(1.0, 100)]
    public void Percentile_Interpolates(double p, double expected)
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(expected, Robust.Percentile(values, p), 6);
    }

    [Fact]
    public void TheilSen_FindsSlope_DespiteOutliers()
    {
        var points = Enumerable.Range(0, 20).Select(i => ((double)i, (2.0 * i) + 1)).ToList();
        points[3] = (3, 500);
        points[15] = (15, -400);

        var (slope, rising) = Robust.TheilSen(points);

        Assert.Equal(2, slope, 6);
        Assert.True(rising > 0.7);
    }
}
