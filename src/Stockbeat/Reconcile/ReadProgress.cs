namespace Stockbeat.Reconcile;

/// <summary>How often readers check for cancellation and let the progress bar look at the file position.</summary>
internal static class ReadProgress
{
    public const int RowsPerTick = 16_384;
}
