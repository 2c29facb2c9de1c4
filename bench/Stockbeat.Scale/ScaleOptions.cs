using System.Globalization;

namespace Stockbeat.Scale;

/// <summary>Command-line settings of <c>stockbeat-scale</c>.</summary>
internal sealed record ScaleOptions
{
    public const string Usage =
        """
        stockbeat-scale --stockbeat PATH/stockbeat.dll --work DIR [options]
        stockbeat-scale --sweep-only DATABASE.db     (time the sweep on an existing SQLite file; it flips 500 of its monitors)

          --monitors N          monitors in the database (default 1000000)
          --burst N             monitors whose deadlines fall in the same second (default 10000)
          --trials N            single-monitor deadline trials (default 200)
          --trial-spacing S     seconds between two trials' deadlines, on average (default 0.35)
          --compare-monitors N  a second, small database for the sweep-cost comparison (default 10000; 0 skips)
          --server-arg ARG      passed to `stockbeat serve` (repeatable), e.g. --Stockbeat:Workers:SweepInterval=00:00:00.5
          --skip-server         seed and time the sweep only
        """;

    public string StockbeatDll { get; init; } = "";

    public string WorkDirectory { get; init; } = "";

    /// <summary>An existing database to time the sweep on, instead of seeding and serving.</summary>
    public string? SweepOnly { get; init; }

    public int Monitors { get; init; } = 1_000_000;

    public int Burst { get; init; } = 10_000;

    public int Trials { get; init; } = 200;

    public TimeSpan TrialSpacing { get; init; } = TimeSpan.FromSeconds(0.35);

    public int CompareMonitors { get; init; } = 10_000;

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    public bool SkipServer { get; init; }

    /// <summary>Monitors reserved at the start of the table for the burst and the trials.</summary>
    public int ProbeMonitors => Burst + Trials;

    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value out of range.</exception>
    public static ScaleOptions Parse(IReadOnlyList<string> args)
    {
        string? dll = null, work = null, sweepOnly = null;
        int monitors = 1_000_000, burst = 10_000, trials = 200, compare = 10_000;
        var spacing = 0.35;
        var serverArgs = new List<string>();
        var skipServer = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--stockbeat": dll = Value(); break;
                case "--work": work = Value(); break;
                case "--monitors": monitors = Count(args[i], Value(), 1); break;
                case "--burst": burst = Count(args[i], Value(), 0); break;
                case "--trials": trials = Count(args[i], Value(), 0); break;
                case "--compare-monitors": compare = Count(args[i], Value(), 0); break;
                case "--trial-spacing": spacing = Seconds(args[i], Value()); break;
                case "--server-arg": serverArgs.Add(Value()); break;
                case "--skip-server": skipServer = true; break;
                case "--sweep-only": sweepOnly = Value(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (sweepOnly is not null)
        {
            return File.Exists(sweepOnly) ? new ScaleOptions { SweepOnly = sweepOnly } : throw new ArgumentException($"--sweep-only: {sweepOnly} does not exist.");
        }

        if (dll is null || work is null)
        {
            throw new ArgumentException("--stockbeat and --work are required.");
        }

        if (!skipServer && burst + trials > monitors)
        {
            throw new ArgumentException($"--burst + --trials ({burst + trials}) must not exceed --monitors ({monitors}).");
        }

        return new ScaleOptions
        {
            StockbeatDll = dll,
            WorkDirectory = work,
            Monitors = monitors,
            Burst = burst,
            Trials = trials,
            TrialSpacing = TimeSpan.FromSeconds(spacing),
            CompareMonitors = compare,
            ServerArgs = serverArgs,
            SkipServer = skipServer,
        };
    }

    private static int Count(string option, string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{option} must be a whole number >= {min}, not '{text}'.");

    private static double Seconds(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 60
            ? s
            : throw new ArgumentException($"{option} must be a number of seconds in (0, 60], not '{text}'.");
}
