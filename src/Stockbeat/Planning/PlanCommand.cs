using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Stockbeat.Core.Platforms;
using Stockbeat.Monitors;

namespace Stockbeat.Planning;

/// <summary>
/// <c>stockbeat plan --platform P --skus N --every 15m</c>: whether a sync schedule fits a sales channel's API
/// budget, computed locally with the same planner as <c>POST /api/v3/plan</c>.
/// </summary>
internal static class PlanCommand
{
    /// <summary>Exit code when the schedule does not fit, so CI can tell it from bad input (1).</summary>
    public const int DoesNotFit = 2;

    private const long MaxSkus = 1_000_000_000;

    public static Command Create()
    {
        var platform = new Option<string?>("--platform", "-p") { Description = "Platform id (see --list), or 'custom' with --rate-per-minute and --batch-size." };
        var skus = new Option<string?>("--skus", "-n") { Description = "SKUs one full sync updates." };
        var every = new Option<string?>("--every", "-e") { Description = "Time between syncs: 15m, 2h, 90s, 1h30m or seconds." };
        var rate = new Option<double?>("--rate-per-minute") { Description = "Custom platform: API calls allowed per minute." };
        var batch = new Option<int?>("--batch-size") { Description = "Custom platform: SKUs one call carries." };
        var list = new Option<bool>("--list") { Description = "List the built-in platform profiles." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("plan", "Check whether a sync schedule fits a platform's API budget (Shopify, Amazon, eBay, WooCommerce…).")
        {
            platform, skus, every, rate, batch, list, json,
        };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (result.GetValue(list))
            {
                PrintProfiles(output, result.GetValue(json));
                return 0;
            }

            if (!TryReadInput(result, platform, skus, every, rate, batch, out var input, out var problem))
            {
                error.WriteLine($"stockbeat plan: {problem}");
                return 1;
            }

            var plan = CapacityPlanner.Plan(input.Profile, input.Skus, TimeSpan.FromSeconds(input.Every));
            if (result.GetValue(json))
            {
                MonitorsCommand.WriteJson(output, ToJson(input.Profile, plan));
            }
            else
            {
                Print(output, input, plan);
            }

            return plan.Fits ? 0 : DoesNotFit;
        });
        return command;
    }

    private sealed record PlanInput(PlatformProfile Profile, long Skus, long Every);

    private static bool TryReadInput(
        ParseResult result, Option<string?> platform, Option<string?> skus, Option<string?> every, Option<double?> rate, Option<int?> batch,
        out PlanInput input, out string problem)
    {
        input = null!;
        var id = result.GetValue(platform);
        PlatformProfile? profile;
        if (id is null)
        {
            problem = $"--platform is required: one of {Ids()}, or custom";
            return false;
        }

        if (id == "custom")
        {
            if (result.GetValue(rate) is not (> 0 and <= 1_000_000) || result.GetValue(batch) is not (> 0 and <= 1_000_000))
            {
                problem = "--platform custom needs --rate-per-minute and --batch-size (positive numbers up to 1000000)";
                return false;
            }

            profile = PlatformProfile.Custom(result.GetValue(rate)!.Value, result.GetValue(batch)!.Value);
        }
        else if ((profile = PlatformProfile.Find(id)) is null)
        {
            problem = $"unknown platform '{id}': use one of {Ids()}, or custom (see stockbeat plan --list)";
            return false;
        }

        var skuText = result.GetValue(skus);
        if (!long.TryParse(skuText, NumberStyles.None, CultureInfo.InvariantCulture, out var skuCount) || skuCount > MaxSkus)
        {
            problem = skuText is null
                ? "--skus is required: the number of SKUs one sync updates"
                : $"--skus must be a whole number from 0 to {MaxSkus} (got '{skuText}')";
            return false;
        }

        var everyText = result.GetValue(every);
        if (everyText is null)
        {
            problem = "--every is required: the time between syncs, e.g. 15m";
            return false;
        }

        if (!HumanDuration.TryParse(everyText, out var seconds, out var durationError))
        {
            problem = $"--every: {durationError}";
            return false;
        }

        if (seconds is < 60 or > 31_536_000)
        {
            problem = $"--every must be from 1m to 365d (got '{everyText}')";
            return false;
        }

        input = new PlanInput(profile, skuCount, seconds);
        problem = "";
        return true;
    }

    private static void Print(TextWriter output, PlanInput input, CapacityPlan plan)
    {
        var budget = plan.BudgetPerDay is { } b ? $" of {Number(b)} allowed" : " (the platform sets no daily limit)";
        output.WriteLine($"Platform:       {input.Profile.Name} ({input.Profile.Id})");
        output.WriteLine($"Sync:           {Number(input.Skus)} SKUs every {HumanDuration.Format(input.Every)}");
        output.WriteLine($"Calls per run:  {Number(plan.CallsPerRun)}");
        output.WriteLine($"Calls per day:  {Number(plan.CallsPerDay)}{budget}");
        output.WriteLine($"Fastest sync:   {HumanDuration.Format((long)Math.Ceiling(plan.MinDuration.TotalSeconds))}");
        output.WriteLine($"Verdict:        {(plan.Fits ? "fits" : "DOES NOT FIT")}: {plan.Message}");
    }

    private static JsonObject ToJson(PlatformProfile profile, CapacityPlan plan) => new()
    {
        ["platform"] = profile.Id,
        ["calls_per_run"] = plan.CallsPerRun,
        ["calls_per_day"] = Math.Ceiling(plan.CallsPerDay),
        ["budget_per_day"] = plan.BudgetPerDay,
        ["min_duration"] = Math.Round(plan.MinDuration.TotalSeconds, 1),
        ["fits"] = plan.Fits,
        ["message"] = plan.Message,
    };

    private static void PrintProfiles(TextWriter output, bool json)
    {
        if (json)
        {
            MonitorsCommand.WriteJson(output, new JsonArray([.. PlatformProfile.BuiltIn.Select(p => (JsonNode?)new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = p.Name,
                ["calls_per_day"] = p.CallsPerDay,
                ["items_per_call"] = p.ItemsPerCall,
                ["processing_delay"] = (long)p.ProcessingDelay.TotalSeconds,
                ["note"] = p.Note,
            })]));
            return;
        }

        foreach (var p in PlatformProfile.BuiltIn)
        {
            var limit = p.CallsPerDay is { } perDay ? $"{Number(perDay)} calls/day" : "no fixed limit";
            output.WriteLine($"{p.Id,-16} {p.Name}");
            output.WriteLine($"{"",-16} {limit}, {Number(p.ItemsPerCall)} SKU{(p.ItemsPerCall == 1 ? "" : "s")} per call{(p.ProcessingDelay > TimeSpan.Zero ? $", {HumanDuration.Format((long)p.ProcessingDelay.TotalSeconds)} processing" : "")}");
            output.WriteLine($"{"",-16} {p.Note}");
        }

        output.WriteLine("custom           your own limits: --rate-per-minute R --batch-size B");
    }

    private static string Ids() => string.Join(", ", PlatformProfile.BuiltIn.Select(p => p.Id));

    private static string Number(double value) =>
        Math.Ceiling(value).ToString("#,0", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal);
}
