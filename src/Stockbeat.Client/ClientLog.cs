using Microsoft.Extensions.Logging;

namespace Stockbeat.Client;

/// <summary>The client's log messages.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "Stockbeat {Kind} ping for {Monitor} delivered ({StatusCode}) after {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, string kind, string monitor, int statusCode, int attempts);

    [LoggerMessage(2, LogLevel.Warning, "Stockbeat {Kind} ping for {Monitor}: attempt {Attempt} failed ({Problem}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string kind, string monitor, int attempt, string problem, long delayMs);

    [LoggerMessage(3, LogLevel.Error, "Stockbeat {Kind} ping for {Monitor} not delivered after {Attempts} attempt(s): {Problem}")]
    public static partial void GaveUp(ILogger logger, string kind, string monitor, int attempts, string problem);

    [LoggerMessage(4, LogLevel.Error, "Stockbeat {Kind} ping for {Monitor} refused: {Problem}")]
    public static partial void Refused(ILogger logger, string kind, string monitor, string problem);

    [LoggerMessage(5, LogLevel.Warning, "Stockbeat run {RunId} of {Monitor} reported as failed: {Reason}")]
    public static partial void ThresholdExceeded(ILogger logger, Guid runId, string monitor, string reason);
}
