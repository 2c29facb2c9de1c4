using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Tests;

public sealed class CheckTests
{
    private static readonly Guid MonitorUuid = new("5f1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6f");

    [Fact]
    public void New_UsesHealthchecksDefaults()
    {
        var check = new Check { Uuid = MonitorUuid };

        Assert.Equal(new SimpleSchedule(TimeSpan.FromDays(1)), check.Schedule);
        Assert.Equal(TimeSpan.FromHours(1), check.Grace);
        Assert.Equal(CheckStatus.New, check.Status);
        Assert.Equal("", check.Methods);
        Assert.False(check.ManualResume);
        Assert.Null(check.MaxRuntime);
        Assert.Null(check.LastPing);
        Assert.Null(check.Deadline);
        Assert.Equal(0, check.PingCount);
    }

    [Theory]
    [InlineData(null, 3_600)]
    [InlineData(600, 600)]
    [InlineData(7_200, 7_200)]
    public void EffectiveMaxRuntime_FallsBackToGrace_WhenMaxRuntimeIsNull(int? maxRuntimeSeconds, int expectedSeconds)
    {
        var check = new Check
        {
            Uuid = MonitorUuid,
            Grace = TimeSpan.FromHours(1),
            MaxRuntime = maxRuntimeSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), check.EffectiveMaxRuntime);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    [InlineData("prod", new[] { "prod" })]
    [InlineData("prod erp", new[] { "prod", "erp" })]
    [InlineData("  prod   erp  ", new[] { "prod", "erp" })]
    public void TagList_SplitsOnSpaces_WhenTagsHaveExtraWhitespace(string tags, string[] expected)
    {
        var check = new Check { Uuid = MonitorUuid, Tags = tags };

        Assert.Equal(expected, check.TagList);
    }
}
