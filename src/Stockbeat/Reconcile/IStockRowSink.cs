namespace Stockbeat.Reconcile;

/// <summary>Where a snapshot reader puts each row it reads. The spans are valid only during the call.</summary>
internal interface IStockRowSink
{
    void Row(ReadOnlySpan<char> sku, decimal quantity, long line);

    void Malformed(long line, string reason);
}
