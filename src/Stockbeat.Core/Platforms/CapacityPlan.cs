using System.Globalization;

namespace Stockbeat.Core.Platforms;

/// <summary>Whether a sync of <c>Skus</c> items every <c>Every</c> fits a platform's API budget.</summary>
/// <param name="CallsPerRun">API calls one full sync needs.</param>
/// <param name="CallsPerDay">Calls a day at this schedule.</param>
/// <param name="BudgetPerDay">Calls the platform allows a day; null when unlimited.</param>
/// <param name="MinDuration">The fastest a full sync can finish within the rate limit, plus processing delay.</param>
/// <param name="Fits">Whether the schedule fits both the daily budget and its own interval.</param>
/// <param name="Message">The verdict in one sentence.</param>
public sealed record CapacityPlan(
    long CallsPerRun, double CallsPerDay, double? BudgetPerDay, TimeSpan MinDuration, bool Fits, string Message);

/// <summary>The arithmetic of API budgets, pure.</summary>
public static class CapacityPlanner
{
    /// <summary>Plans a sync of <paramref name="skus"/> items every <paramref name="every"/> on <paramref name="platform"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative SKU count or a non-positive interval.</exception>
    public static CapacityPlan Plan(PlatformProfile platform, long skus, TimeSpan every)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skus);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);

        var callsPerRun = (skus + platform.ItemsPerCall - 1) / platform.ItemsPerCall;
        var runsPerDay = TimeSpan.FromDays(1) / every;
        var callsPerDay = callsPerRun * runsPerDay;
        var budget = platform.CallsPerDay;
        // The first call goes out at once; each further one waits its share of the rate limit.
        var callTime = platform.CallsPerWindow is { } perWindow && callsPerRun > 1
            ? platform.Window * ((callsPerRun - 1) / perWindow)
            : TimeSpan.Zero;
        var minDuration = callTime + platform.ProcessingDelay;
        var overBudget = budget is { } b && callsPerDay > b;
        var tooSlow = minDuration > every;
        var message = (overBudget, tooSlow) switch
        {
            (true, _) => $"{platform.Name} budget: this schedule needs {Words.Number(callsPerDay)} calls/day of {Words.Number(budget!.Value)}.",
            (_, true) => $"{platform.Name}: a full sync of {Words.Number(skus)} SKUs takes at least {Words.Duration(minDuration)}, longer than the {Words.Duration(every)} interval.",
            _ => $"{platform.Name}: fits; {Words.Number(callsPerDay)} calls/day{(budget is { } all ? $" of {Words.Number(all)}" : "")}, fastest sync {Words.Duration(minDuration)}.",
        };
        return new CapacityPlan(callsPerRun, callsPerDay, budget, minDuration, !overBudget && !tooSlow, message);
    }
}
