using System.Globalization;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>Server-rendered SVG charts: colours come from the stylesheet, so they follow light and dark mode.</summary>
internal static class Charts
{
    /// <summary>A small line of recent run durations for the overview, with the values on hover.</summary>
    public static Markup Sparkline(IReadOnlyList<RunPoint> finished, int width = 96, int height = 22)
    {
        var runs = Timed(finished);
        if (runs.Count < 2)
        {
            return H($"<span class=\"muted\">{(runs.Count == 1 ? Formats.Duration(runs[0].Duration) : "no timed runs")}</span>");
        }

        // Scaled between the shortest and the longest run, so that a trend shows even when runs differ by seconds.
        var min = runs.Min(r => r.Seconds) * 0.9;
        var range = Math.Max(runs.Max(r => r.Seconds) - min, 1);
        var step = (double)(width - 4) / (runs.Count - 1);
        var points = string.Join(' ', runs.Select((r, i) => Point(2 + (i * step), height - 2 - ((r.Seconds - min) * (height - 4) / range))));
        var summary = $"last {runs.Count} timed runs: {string.Join(", ", runs.Select(r => Formats.Duration(r.Duration)))}";
        return H($"""<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{summary}"><title>{summary}</title><polyline points="{points}"/></svg>""");
    }

    /// <summary>
    /// The duration chart of a monitor page: one point per run (failed runs marked), the typical range (middle half
    /// of the runs) as a band around the median, and the max-runtime limit as a dashed line.
    /// </summary>
    public static Markup Durations(IReadOnlyList<RunPoint> finished, TimeSpan maxRuntime)
    {
        var runs = Timed(finished);
        const int Width = 760, Height = 240, Left = 56, Right = 12, Top = 12, Bottom = 28;
        if (runs.Count == 0)
        {
            return H($"<p class=\"empty\">No finished runs with a duration yet. Send a <code>/start</code> ping before the finish ping to measure runs.</p>");
        }

        var seconds = runs.Select(r => r.Seconds).ToArray();
        var sorted = seconds.Order().ToArray();
        var median = Quantile(sorted, 0.5);
        var low = Quantile(sorted, 0.25);
        var high = Quantile(sorted, 0.75);
        var limit = maxRuntime.TotalSeconds;
        // Show the limit when it is within reach of the runs; a limit far above them would flatten the chart.
        var showLimit = limit <= sorted[^1] * 3;
        var tick = Tick(Math.Max(sorted[^1], showLimit ? limit : 0) * 1.05);
        var top = tick * Math.Max(1, Math.Ceiling(Math.Max(sorted[^1], showLimit ? limit : 0) * 1.05 / tick));
        double X(int i) => runs.Count == 1 ? Left + ((Width - Left - Right) / 2.0) : Left + (i * (double)(Width - Left - Right) / (runs.Count - 1));
        double Y(double s) => Top + ((Height - Top - Bottom) * (1 - (s / top)));

        var grid = Enumerable.Range(0, (int)Math.Round(top / tick) + 1).Select(i =>
        {
            var value = tick * i;
            return H($"""<line class="grid" x1="{Left}" x2="{Width - Right}" y1="{F(Y(value))}" y2="{F(Y(value))}"/><text class="axis" x="{Left - 6}" y="{F(Y(value) + 4)}" text-anchor="end">{Formats.Duration(TimeSpan.FromSeconds(value))}</text>""");
        });
        var line = string.Join(' ', runs.Select((r, i) => Point(X(i), Y(r.Seconds))));
        // Robust spread (median absolute deviation, scaled to a standard deviation): a run beyond three of them is unusual.
        var spread = 1.4826 * Quantile([.. seconds.Select(s => Math.Abs(s - median)).Order()], 0.5);
        bool Unusual(TimedRun run) => runs.Count >= 5 && Math.Abs(run.Seconds - median) > Math.Max(3 * spread, median * 0.05);
        var dots = runs.Select((r, i) => H($"""<circle class="{(r.Failed ? "dot failed" : Unusual(r) ? "dot unusual" : "dot")}" cx="{F(X(i))}" cy="{F(Y(r.Seconds))}" r="{(r.Failed || Unusual(r) ? 5 : 4)}"><title>{Formats.Utc(r.At)}: {Formats.Duration(r.Duration)}{(r.Failed ? " (failed)" : Unusual(r) ? " (unusual for this sync)" : "")}</title></circle>"""));
        var band = H($"""<rect class="band" x="{Left}" y="{F(Y(high))}" width="{Width - Left - Right}" height="{F(Math.Max(1, Y(low) - Y(high)))}"><title>typical range (middle half of runs): {Formats.Duration(TimeSpan.FromSeconds(low))} – {Formats.Duration(TimeSpan.FromSeconds(high))}</title></rect><line class="median" x1="{Left}" x2="{Width - Right}" y1="{F(Y(median))}" y2="{F(Y(median))}"><title>median {Formats.Duration(TimeSpan.FromSeconds(median))}</title></line>""");
        var limitLine = If(showLimit, $"""<line class="limit" x1="{Left}" x2="{Width - Right}" y1="{F(Y(limit))}" y2="{F(Y(limit))}"><title>max runtime {Formats.Duration(maxRuntime)}</title></line><text class="axis limit-label" x="{Width - Right}" y="{F(Y(limit) - 5)}" text-anchor="end">max runtime {Formats.Duration(maxRuntime)}</text>""");
        var first = H($"""<text class="axis" x="{Left}" y="{Height - 8}">{Formats.Utc(runs[0].At)}</text><text class="axis" x="{Width - Right}" y="{Height - 8}" text-anchor="end">{Formats.Utc(runs[^1].At)}</text>""");
        var label = $"Durations of the last {runs.Count} runs; median {Formats.Duration(TimeSpan.FromSeconds(median))}";
        return H($"""
            <figure class="chart">
              <svg viewBox="0 0 {Width} {Height}" role="img" aria-label="{label}" class="durations">{grid}{band}{limitLine}<polyline class="runs" points="{line}"/>{dots}{first}</svg>
              <figcaption><span class="key key-run"></span> run duration <span class="key key-failed"></span> failed run <span class="key key-unusual"></span> unusual duration <span class="key key-band"></span> typical range, median line {If(showLimit, $"<span class=\"key key-limit\"></span> max runtime")}</figcaption>
            </figure>
            """);
    }

    private sealed record TimedRun(DateTimeOffset At, TimeSpan Duration, bool Failed)
    {
        public double Seconds => Duration.TotalSeconds;
    }

    private static List<TimedRun> Timed(IReadOnlyList<RunPoint> runs) =>
        [.. runs.Where(r => r.Duration is not null).Select(r => new TimedRun(r.At, r.Duration!.Value, r.Failed))];

    /// <summary>A readable grid step (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h, 1 d) giving at most 5 lines.</summary>
    private static double Tick(double top)
    {
        double[] steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
        foreach (var step in steps)
        {
            if (top / step <= 5)
            {
                return step;
            }
        }

        return Math.Ceiling(top / 5 / 86400) * 86400;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }

    private static string Point(double x, double y) => $"{F(x)},{F(y)}";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
