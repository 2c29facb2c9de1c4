using Stockbeat.Reconcile;

namespace Stockbeat.Tests.Reconcile;

/// <summary>Keeps what a snapshot reader reads, as "SKU=quantity@line" and "line: reason".</summary>
internal sealed class RecordingSink : IStockRowSink
{
    public List<string> Rows { get; } = [];

    public List<string> Malformed { get; } = [];

    public void Row(ReadOnlySpan<char> sku, decimal quantity, long line) =>
        Rows.Add($"{sku}={Quantities.Format(quantity)}@{line}");

    void IStockRowSink.Malformed(long line, string reason) => Malformed.Add($"{line}: {reason}");
}
