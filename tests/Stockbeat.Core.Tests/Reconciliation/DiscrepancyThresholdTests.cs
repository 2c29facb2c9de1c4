using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Core.Tests.Reconciliation;

public sealed class DiscrepancyThresholdTests
{
    [Theory]
    // Percentages.
    [InlineData("0.5%", 0.005)]
    [InlineData("1%", 0.01)]
    [InlineData(" 2 % ", 0.02)]
    [InlineData("100%", 1.0)]
    [InlineData("0%", 0.0)]
    // Fractions.
    [InlineData("0.005", 0.005)]
    [InlineData("0", 0.0)]
    [InlineData("1", 1.0)]
    public void TryParse_GivesAFraction_WhenThePercentageOrFractionIsValid(string text, double expected)
    {
        Assert.True(DiscrepancyThreshold.TryParse(text, out var fraction, out var error), error);
        Assert.Equal(expected, fraction, 1e-12);
    }

    [Theory]
    [InlineData("", "is not a rate")]
    [InlineData(null, "is not a rate")]
    [InlineData("abc", "is not a rate")]
    [InlineData("-1%", "is not a rate")]
    [InlineData("1e-3", "is not a rate")]
    [InlineData("0,5%", "is not a rate")]
    [InlineData("101%", "above 100%")]
    // A bare 5 most likely means 5 %, but it could mean 500 %: refuse rather than guess.
    [InlineData("5", "(e.g. 5%)")]
    public void TryParse_NamesTheProblem_WhenTheTextIsNotARate(string? text, string problem)
    {
        Assert.False(DiscrepancyThreshold.TryParse(text, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
