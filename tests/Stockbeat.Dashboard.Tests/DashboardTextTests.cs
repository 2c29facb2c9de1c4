using Stockbeat.Core.Schedules;
using Stockbeat.Server.Dashboard;
using Stockbeat.Server.Dashboard.Monitors;
using Stockbeat.Server.Dashboard.Overview;

namespace Stockbeat.Dashboard.Tests;

public sealed class DashboardTextTests
{
    [Theory]
    // Arrows and words teams use in names.
    [InlineData("erp → website", "erp", "website")]
    [InlineData("ERP -> Amazon", "erp", "amazon")]
    [InlineData("supplier to erp", "supplier", "erp")]
    [InlineData("pos => web shop", "pos", "web shop")]
    // Slugs.
    [InlineData("erp-to-ebay", "erp", "ebay")]
    [InlineData("erp_to_ebay", "erp", "ebay")]
    public void Parse_ReadsSourceAndDestination_WhenNameNamesRoute(string name, string source, string destination) =>
        Assert.Equal(new SyncRoute(source, destination), SyncRoute.Parse(name));

    [Theory]
    [InlineData("nightly reconciliation")]
    [InlineData("→ website")]
    [InlineData("tomato-sync")]
    [InlineData("")]
    public void Parse_ReturnsNull_WhenNameNamesNoRoute(string name) => Assert.Null(SyncRoute.Parse(name));

    [Theory]
    [InlineData(900, "every 15 min")]
    [InlineData(3600, "hourly")]
    [InlineData(7200, "every 2 h")]
    [InlineData(86400, "daily")]
    [InlineData(172800, "every 2 days")]
    [InlineData(90, "every 1m30s")]
    public void Schedule_InWords_ForPeriods(int seconds, string expected) =>
        Assert.Equal(expected, Formats.Schedule(new SimpleSchedule(TimeSpan.FromSeconds(seconds))));

    [Theory]
    [InlineData(0.85, "850ms")]
    [InlineData(4.5, "4.5s")]
    [InlineData(252, "4m12s")]
    [InlineData(3900, "1h05m")]
    public void Duration_IsShort(double seconds, string expected) => Assert.Equal(expected, Formats.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Durations_MarksUnusualRun_AndFailedRun()
    {
        var at = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);
        double[] seconds = [120, 125, 118, 122, 121, 119, 600, 123];
        var runs = seconds.Select((s, i) => new RunPoint(at.AddMinutes(15 * i), TimeSpan.FromSeconds(s), Failed: i == 7)).ToList();

        var svg = Charts.Durations(runs, TimeSpan.FromMinutes(15)).Value;

        Assert.Equal(1, Count(svg, "class=\"dot unusual\""));
        Assert.Equal(1, Count(svg, "class=\"dot failed\""));
        Assert.Equal(6, Count(svg, "class=\"dot\""));
        Assert.Contains("10m00s (unusual for this sync)", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_PlotsRunsThatReportedIt_AndMarksFailedRun()
    {
        var at = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);
        var runs = new[]
        {
            new RunPoint(at, null, false, Report(("backlog", 10), ("errors", 1))),
            new RunPoint(at.AddMinutes(15), null, false, Report(("errors", 2))),
            new RunPoint(at.AddMinutes(30), null, true, Report(("backlog", 1500), ("reserved", 4))),
            new RunPoint(at.AddMinutes(45), null, false),
        };

        var svg = Charts.Metric("backlog", runs).Value;

        Assert.Equal(["backlog", "reserved", "errors"], Charts.ReportedMetrics(runs, 12));
        Assert.Equal(["backlog"], Charts.ReportedMetrics(runs, 1));
        Assert.Equal(1, Count(svg, "class=\"dot\""));
        Assert.Equal(1, Count(svg, "class=\"dot failed\""));
        Assert.Contains("<title>2026-01-15 10:30:00 UTC: backlog 1\u2009500 (failed)</title>", System.Net.WebUtility.HtmlDecode(svg), StringComparison.Ordinal);
        Assert.Equal("", Charts.Metric("discrepancies", runs).Value);
    }

    [Theory]
    [InlineData("ERP", "Website", "erp → website", "erp", "website")]
    [InlineData("pim", null, "erp → ebay", "pim", "ebay")]
    [InlineData(null, "ebay", "nightly push", SyncRoute.Unknown, "ebay")]
    [InlineData(" ", "", "erp → ebay", "erp", "ebay")]
    public void Of_PrefersFields_ThenName(string? source, string? destination, string name, string expectedSource, string expectedDestination) =>
        Assert.Equal(
            new SyncRoute(expectedSource, expectedDestination),
            SyncRoute.Of(new Core.Checks.Check { Uuid = Guid.Empty, Name = name, Source = source, Destination = destination, Created = DateTimeOffset.UnixEpoch }));

    private static Core.Runs.RunReport Report(params (string Name, double Value)[] metrics) =>
        new() { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void H_EncodesValues_ButNotMarkup()
    {
        var name = "<script>alert('x')</script> → web";

        var html = Html.H($"<td>{name}</td>{Html.H($"<b>{1200}</b>")}");

        Assert.Equal("<td>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; → web</td><b>1200</b>", html.Value);
    }

    [Fact]
    public void If_DoesNotEvaluateValues_WhenConditionIsFalse()
    {
        string? missing = null;

        var html = Html.If(missing is not null, $"<p>{missing!.Length}</p>");

        Assert.Equal("", html.Value);
    }
}
