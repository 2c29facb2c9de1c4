namespace Stockbeat.Core.Analysis;

/// <summary>How loud an insight is: warnings are told once, criticals open an incident.</summary>
public enum InsightSeverity
{
    /// <summary>Recorded and notified once, never pages.</summary>
    Warning,

    /// <summary>Opens an incident.</summary>
    Critical,
}

/// <summary>A condition found in a monitor's runs, in words: "ERP to website took 31 min, usual 5 min (6× baseline)".</summary>
/// <param name="Kind">Stable name of the condition, e.g. <c>duration_increase</c>; one open insight per kind.</param>
/// <param name="Severity">Warning or critical.</param>
/// <param name="Message">What was found, for people.</param>
public sealed record Insight(string Kind, InsightSeverity Severity, string Message);

/// <summary>The insight kinds, as the API names them.</summary>
public static class InsightKinds
{
    public const string DurationIncrease = "duration_increase";
    public const string DurationDecrease = "duration_decrease";
    public const string DurationTrend = "duration_trend";
    public const string DurationVariability = "duration_variability";
    public const string TimeoutHeadroom = "timeout_headroom";
    public const string TooFast = "too_fast";
    public const string FailureRate = "failure_rate";
    public const string DiscrepancyRate = "discrepancy_rate";
    public const string BacklogGrowth = "backlog_growth";
    public const string ReservationSpike = "reservation_spike";
    public const string NegativeSalable = "negative_salable";
    public const string Budget = "budget";

    /// <summary>Wire name of a severity.</summary>
    public static string ToWire(this InsightSeverity severity) => severity == InsightSeverity.Critical ? "critical" : "warning";
}
