namespace Stockbeat.Storage;

/// <summary>Times are stored as UTC milliseconds since the Unix epoch in both dialects.</summary>
internal static class Time
{
    public static long ToMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
