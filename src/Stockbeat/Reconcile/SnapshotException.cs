namespace Stockbeat.Reconcile;

/// <summary>A snapshot that cannot be reconciled at all (missing file, missing column, unsupported format): exit code 2.</summary>
internal sealed class SnapshotException(string message, Exception? inner = null) : Exception(message, inner);
