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
        var frame = new Frame(760, 240, runs.Count, 0, top);
        string Label(double s) => Formats.Duration(TimeSpan.FromSeconds(s));

        // Robust spread (median absolute deviation, scaled to a standard deviation): a run beyond three of them is unusual.
        var spread = 1.4826 * Quantile([.. seconds.Select(s => Math.Abs(s - median)).Order()], 0.5);
        bool Unusual(TimedRun run) => runs.Count >= 5 && Math.Abs(run.Seconds - median) > Math.Max(3 * spread, median * 0.05);
        var points = runs.Select(r => new Plotted(r.At, r.Seconds, r.Failed, r.Failed ? " (failed)" : Unusual(r) ? " (unusual for this sync)" : "", !r.Failed && Unusual(r))).ToList();
        var band = H($"""<rect class="band" x="{Frame.Left}" y="{F(frame.Y(high))}" width="{frame.PlotWidth}" height="{F(Math.Max(1, frame.Y(low) - frame.Y(high)))}"><title>typical range (middle half of runs): {Label(low)} – {Label(high)}</title></rect><line class="median" x1="{Frame.Left}" x2="{frame.Width - Frame.Right}" y1="{F(frame.Y(median))}" y2="{F(frame.Y(median))}"><title>median {Label(median)}</title></line>""");
        var limitLine = If(showLimit, $"""<line class="limit" x1="{Frame.Left}" x2="{frame.Width - Frame.Right}" y1="{F(frame.Y(limit))}" y2="{F(frame.Y(limit))}"><title>max runtime {Formats.Duration(maxRuntime)}</title></line><text class="axis limit-label" x="{frame.Width - Frame.Right}" y="{F(frame.Y(limit) - 5)}" text-anchor="end">max runtime {Formats.Duration(maxRuntime)}</text>""");
        var label = $"Durations of the last {runs.Count} runs; median {Label(median)}";
        return H($"""
            <figure class="chart">
              <svg viewBox="0 0 {frame.Width} {frame.Height}" role="img" aria-label="{label}" class="plot durations">{frame.Grid(tick, Label)}{band}{limitLine}{frame.Line(points, Label)}</svg>
              <figcaption><span class="key key-run"></span> run duration <span class="key key-failed"></span> failed run <span class="key key-unusual"></span> unusual duration <span class="key key-band"></span> typical range, median line {If(showLimit, $"<span class=\"key key-limit\"></span> max runtime")}</figcaption>
            </figure>
            """);
    }

    /// <summary>
    /// The names of the metrics the runs reported, newest report first, then older names in the order they appear;
    /// at most <paramref name="max"/> of them.
    /// </summary>
    public static IReadOnlyList<string> ReportedMetrics(IReadOnlyList<RunPoint> finished, int max) =>
        [.. finished.Reverse().Where(r => r.Report is not null).SelectMany(r => r.Report!.Metrics.Keys).Distinct(StringComparer.Ordinal).Take(max)];

    /// <summary>
    /// A small chart of one reported metric over the runs that reported it, on the same frame and hover values as the
    /// duration chart; failed runs are marked. Empty when no run reported it.
    /// </summary>
    public static Markup Metric(string name, IReadOnlyList<RunPoint> finished)
    {
        var points = finished
            .Where(r => r.Report?[name] is not null)
            .Select(r => new Plotted(r.At, r.Report![name]!.Value, r.Failed, r.Failed ? " (failed)" : "", false))
            .ToList();
        if (points.Count == 0)
        {
            return Markup.Empty;
        }

        // From zero, so that a change of 3 in 12 000 does not look like a cliff; below zero only when a value is.
        var highest = Math.Max(points.Max(p => p.Value), 0);
        var lowest = Math.Min(points.Min(p => p.Value), 0);
        var tick = NiceStep(Math.Max(highest - lowest, 1) * 1.05 / 4);
        var top = tick * Math.Max(1, Math.Ceiling(highest * 1.05 / tick));
        var bottom = -tick * Math.Ceiling(-lowest / tick);
        var frame = new Frame(380, 170, points.Count, bottom, top);
        var latest = points[^1];
        var title = name.Replace('_', ' ');
        var label = $"{title} reported by the last {points.Count} runs; latest {Value(latest.Value)}";
        return H($"""
            <figure class="chart metric-chart">
              <figcaption><b>{title}</b> <span class="muted">latest {Value(latest.Value)}</span></figcaption>
              <svg viewBox="0 0 {frame.Width} {frame.Height}" role="img" aria-label="{label}" class="plot metric" data-metric="{name}">{frame.Grid(tick, Value)}{frame.Line(points, v => $"{title} {Value(v)}")}</svg>
            </figure>
            """);
    }

    /// <summary>A plotted run: when, its value, and what its hover text adds to the value.</summary>
    private sealed record Plotted(DateTimeOffset At, double Value, bool Failed, string Note, bool Unusual);

    /// <summary>
    /// The drawing area of a chart of <paramref name="Count"/> runs, evenly spaced left to right, with values from
    /// <paramref name="Low"/> to <paramref name="High"/> bottom to top, and margins for the axis labels.
    /// </summary>
    private sealed record Frame(int Width, int Height, int Count, double Low, double High)
    {
        public const int Left = 56, Right = 12, Top = 12, Bottom = 28;

        public int PlotWidth => Width - Left - Right;

        public double X(int i) => Count == 1 ? Left + (PlotWidth / 2.0) : Left + (i * (double)PlotWidth / (Count - 1));

        public double Y(double value) => Top + ((Height - Top - Bottom) * (1 - ((value - Low) / (High - Low))));

        /// <summary>A labelled horizontal line every <paramref name="tick"/>.</summary>
        public Markup Grid(double tick, Func<double, string> label) => H($"{Enumerable.Range(0, (int)Math.Round((High - Low) / tick) + 1).Select(i =>
        {
            var value = Low + (tick * i);
            return H($"""<line class="grid" x1="{Left}" x2="{Width - Right}" y1="{F(Y(value))}" y2="{F(Y(value))}"/><text class="axis" x="{Left - 6}" y="{F(Y(value) + 4)}" text-anchor="end">{label(value)}</text>""");
        })}");

        /// <summary>The runs as a line of dots with their time and value on hover, and the first and last time under the axis.</summary>
        public Markup Line(IReadOnlyList<Plotted> points, Func<double, string> label)
        {
            var line = string.Join(' ', points.Select((p, i) => Point(X(i), Y(p.Value))));
            var dots = points.Select((p, i) => H($"""<circle class="{(p.Failed ? "dot failed" : p.Unusual ? "dot unusual" : "dot")}" cx="{F(X(i))}" cy="{F(Y(p.Value))}" r="{(p.Failed || p.Unusual ? 5 : 4)}"><title>{Formats.Utc(p.At)}: {label(p.Value)}{p.Note}</title></circle>"""));
            return H($"""<polyline class="runs" points="{line}"/>{dots}<text class="axis" x="{Left}" y="{Height - 8}">{Formats.Utc(points[0].At)}</text><text class="axis" x="{Width - Right}" y="{Height - 8}" text-anchor="end">{Formats.Utc(points[^1].At)}</text>""");
        }
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

    /// <summary>The step of 1, 2 or 5 times a power of ten nearest above <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(step => step >= rough * 0.999);
    }

    /// <summary>A reported value: whole numbers grouped (12 000), fractions with up to three decimals.</summary>
    private static string Value(double value) => Math.Abs(value) >= 1000 || value == Math.Floor(value)
        ? Number(value)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

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
