using System.Text.Json;

namespace Stockbeat.Tests;

/// <summary><c>stockbeat plan</c> run as a process: the verdict, its exit code, and bad input.</summary>
public sealed class PlanCommandTests
{
    private static string WorkingDirectory => AppContext.BaseDirectory;

    [Fact]
    public async Task Plan_ExitsZeroWithFitsVerdict_WhenScheduleFitsBudget()
    {
        var result = await CliProcess.ExecInAsync(WorkingDirectory, null, "plan", "--platform", "ebay", "--skus", "5200", "--every", "2h");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Calls per day:  2 496 of 5 000 allowed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict:        fits: eBay Inventory API: fits", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ExitsTwoWithReason_WhenScheduleDoesNotFit()
    {
        var text = await CliProcess.ExecInAsync(WorkingDirectory, null, "plan", "--platform", "ebay", "--skus", "5200", "--every", "48m");
        var json = await CliProcess.ExecInAsync(WorkingDirectory, null, "plan", "-p", "ebay", "-n", "5200", "-e", "2880", "--json");

        Assert.Equal(2, text.ExitCode);
        Assert.Contains("DOES NOT FIT: eBay Inventory API budget: this schedule needs 6 240 calls/day of 5 000.", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        var plan = document.RootElement;
        Assert.False(plan.GetProperty("fits").GetBoolean());
        Assert.Equal(208, plan.GetProperty("calls_per_run").GetInt64());
        Assert.Equal(6240, plan.GetProperty("calls_per_day").GetDouble());
        Assert.Equal(5000, plan.GetProperty("budget_per_day").GetDouble());
    }

    [Fact]
    public async Task Plan_ExitsTwo_WhenOneSyncTakesLongerThanItsInterval()
    {
        var result = await CliProcess.ExecInAsync(WorkingDirectory, null, "plan", "-p", "amazon-feeds", "-n", "20000", "-e", "10m");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("takes at least 15 min, longer than the 10 min interval", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--every 15x", "--every: '15x' is not a duration such as 90s, 15m, 2h, 1d, 1h30m or a number of seconds")]
    [InlineData("--every 30s", "--every must be from 1m to 365d (got '30s')")]
    [InlineData("--platform nope", "unknown platform 'nope'")]
    [InlineData("--skus -3", "--skus must be a whole number from 0 to 1000000000 (got '-3')")]
    [InlineData("--platform custom", "--platform custom needs --rate-per-minute and --batch-size")]
    public async Task Plan_ExitsOneNamingTheOption_WhenInputIsBad(string change, string expected)
    {
        var arguments = new Dictionary<string, string> { ["--platform"] = "ebay", ["--skus"] = "100", ["--every"] = "1h" };
        var (option, value) = (change.Split(' ')[0], change.Split(' ')[1]);
        arguments[option] = value;

        var result = await CliProcess.ExecInAsync(WorkingDirectory, null, ["plan", .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanList_ShowsEveryProfile()
    {
        var result = await CliProcess.ExecInAsync(WorkingDirectory, null, "plan", "--list");

        Assert.Equal(0, result.ExitCode);
        foreach (var id in new[] { "shopify-rest", "shopify-graphql", "amazon-feeds", "ebay", "woocommerce", "custom" })
        {
            Assert.Contains(id, result.Stdout, StringComparison.Ordinal);
        }
    }
}
