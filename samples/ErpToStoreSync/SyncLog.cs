using Microsoft.Extensions.Logging;
using Stockbeat.Client;

namespace ErpToStoreSync;

internal static partial class SyncLog
{
    [LoggerMessage(1, LogLevel.Warning, "Not updated: {Problem}")]
    public static partial void NotUpdated(ILogger logger, string problem);

    [LoggerMessage(2, LogLevel.Information, "Sync finished; sent Stockbeat a {Kind} ping (delivered: {Delivered})")]
    public static partial void Finished(ILogger logger, PingKind kind, bool delivered);

    [LoggerMessage(3, LogLevel.Error, "Sync failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
