using System.Diagnostics.CodeAnalysis;

namespace Stockbeat.Core.Analysis;

/// <summary>
/// A monitor's overrides of the analysis rules: by insight kind, a threshold of its own, or off. Kinds not named keep
/// the defaults of docs/analysis.md.
/// </summary>
/// <param name="Overrides">Kind → threshold, or null for "off".</param>
public sealed record RuleSettings(IReadOnlyDictionary<string, double?> Overrides)
{
    /// <summary>No overrides: every rule with its default.</summary>
    public static readonly RuleSettings Defaults = new(new Dictionary<string, double?>());

    /// <summary>The kinds whose threshold can be changed, with the range a value must be in.</summary>
    public static readonly IReadOnlyDictionary<string, (double Min, double Max)> Tunable = new Dictionary<string, (double, double)>
    {
        [InsightKinds.FailureRate] = (0, 1),
        [InsightKinds.DiscrepancyRate] = (0, 1),
        [InsightKinds.BacklogGrowth] = (2, 100),
        [InsightKinds.TimeoutHeadroom] = (0.1, 1),
        [InsightKinds.Budget] = (0.1, 1),
    };

    /// <summary>The kinds that can only be switched off.</summary>
    public static readonly IReadOnlySet<string> Switchable = new HashSet<string>(StringComparer.Ordinal)
    {
        InsightKinds.DurationIncrease, InsightKinds.DurationDecrease, InsightKinds.DurationTrend, InsightKinds.DurationVariability,
        InsightKinds.TooFast, InsightKinds.ReservationSpike,
    };

    /// <summary>Whether the rule for <paramref name="kind"/> runs.</summary>
    public bool IsOn(string kind) => !Overrides.TryGetValue(kind, out var value) || value is not null;

    /// <summary>The threshold of <paramref name="kind"/>: the monitor's own, else <paramref name="fallback"/>.</summary>
    public double Threshold(string kind, double fallback) => Overrides.TryGetValue(kind, out var value) && value is { } own ? own : fallback;

    /// <summary>Checks one override; the problem in words otherwise.</summary>
    public static bool TryValidate(string kind, double? value, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (kind == InsightKinds.NegativeSalable)
        {
            problem = "negative_salable cannot be changed: oversold items always open an incident";
        }
        else if (Tunable.TryGetValue(kind, out var range))
        {
            if (value is { } v && (v < range.Min || v > range.Max))
            {
                problem = $"{kind} must be false or a number from {range.Min} to {range.Max}";
            }
        }
        else if (!Switchable.Contains(kind))
        {
            problem = $"{kind} is not a rule; known rules: {string.Join(", ", Tunable.Keys.Concat(Switchable).Order(StringComparer.Ordinal))}";
        }
        else if (value is not null)
        {
            problem = $"{kind} can only be switched off (false)";
        }

        return problem is null;
    }
}
