using System.Globalization;
using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Runs;

/// <summary>How a finish ping's run is judged: its outcome and, for a failure, the reason in words.</summary>
/// <param name="Kind">The kind the ping counts as: a success over the error threshold counts as a failure.</param>
/// <param name="Outcome">The run's outcome.</param>
/// <param name="Reason">Why the run failed, or null.</param>
public sealed record RunVerdict(PingKind Kind, RunOutcome Outcome, string? Reason)
{
    /// <summary>The share of failed SKUs above which a success counts as a failed run, unless a monitor sets its own.</summary>
    public const double DefaultErrorThreshold = 0.05;

    /// <summary>Judges a finish ping (<see cref="PingKind.Success"/> or <see cref="PingKind.Fail"/>).</summary>
    /// <param name="kind">The kind the URL asked for.</param>
    /// <param name="exitStatus">The exit status from the URL, if any.</param>
    /// <param name="report">The run report in the body, if any.</param>
    /// <param name="errorThreshold">The monitor's error threshold (fraction of <c>total</c>).</param>
    public static RunVerdict Judge(PingKind kind, int? exitStatus, RunReport? report, double errorThreshold)
    {
        if (kind == PingKind.Fail)
        {
            return new RunVerdict(PingKind.Fail, RunOutcome.Failed,
                exitStatus is { } status and not 0
                    ? string.Create(CultureInfo.InvariantCulture, $"the job exited with status {status}")
                    : "the job reported a failure");
        }

        // Overselling costs orders and marketplace standing: always critical, whatever else the run says.
        if (kind == PingKind.Success && report?[RunReport.NegativeSalable] is { } oversold && oversold > 0)
        {
            return new RunVerdict(PingKind.Fail, RunOutcome.Failed, string.Create(CultureInfo.InvariantCulture,
                $"{oversold:0.##} {(oversold == 1 ? "item" : "items")} oversold (negative salable quantity)"));
        }

        if (kind == PingKind.Success && ErrorRate(report) is { } rate && rate > errorThreshold)
        {
            return new RunVerdict(PingKind.Fail, RunOutcome.Failed, string.Create(CultureInfo.InvariantCulture,
                $"{Percent(rate)} of SKUs failed ({report![RunReport.Errors]:0.##} of {report[RunReport.Total]:0.##}; limit {Percent(errorThreshold)}): run counted as failed"));
        }

        return new RunVerdict(kind, RunOutcome.Success, null);
    }

    /// <summary><c>errors / total</c>, or null when the report does not give both or total is not positive.</summary>
    public static double? ErrorRate(RunReport? report) =>
        report?[RunReport.Errors] is { } errors && report[RunReport.Total] is { } total && total > 0
            ? Math.Max(0, errors) / total
            : null;

    /// <summary>A fraction as a percentage with at most one decimal, e.g. <c>6.1%</c>, <c>5%</c>.</summary>
    public static string Percent(double fraction) =>
        (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
