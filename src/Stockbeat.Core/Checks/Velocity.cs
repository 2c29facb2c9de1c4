namespace Stockbeat.Core.Checks;

/// <summary>
/// How fast a monitor's products sell, which decides how long a late sync may go unnoticed: a fast mover
/// oversells within minutes of a stuck sync, a slow mover can wait hours.
/// </summary>
public static class Velocity
{
    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fast", "regular", "slow"];

    /// <summary>The default grace of a preset: fast 15 min, regular 1 h, slow 4 h; null for an unknown name.</summary>
    public static TimeSpan? DefaultGrace(string velocity) => velocity switch
    {
        "fast" => TimeSpan.FromMinutes(15),
        "regular" => TimeSpan.FromHours(1),
        "slow" => TimeSpan.FromHours(4),
        _ => null,
    };
}
