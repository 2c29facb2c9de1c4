using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stockbeat.Core.Reconciliation;

/// <summary>
/// The reconciliation diff of two stock snapshots. The target is loaded first into a dictionary (<see cref="AddTarget"/>),
/// then the source is streamed through it (<see cref="CompareSource"/>), then <see cref="Finish"/> lists the SKUs that
/// only the target has. Memory grows with the target and with the SKUs missing in the target, never with the source
/// rows that match; streamed keys are looked up as spans, so a matching source row allocates nothing.
/// </summary>
/// <remarks>
/// SKUs are compared ordinally (case-sensitive) as given; readers trim surrounding spaces. On each side the first row
/// of a SKU wins and later ones are counted as duplicates. Not thread-safe.
/// </remarks>
public sealed class StockReconciliation
{
    private readonly Dictionary<string, TargetEntry> _target;
    private readonly Dictionary<string, TargetEntry>.AlternateLookup<ReadOnlySpan<char>> _targetBySpan;
    private readonly Dictionary<string, long> _sourceOnly = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _sourceOnlyBySpan;
    private readonly List<MalformedRow> _malformed = [];
    private readonly List<DuplicateRow> _duplicates = [];
    private readonly int _sampleLimit;
    private Phase _phase;
    private long _sourceRows, _targetRows, _matched, _equal, _quantityDiffers, _missingInSource, _oversold, _negativeInTarget;
    private long _duplicatesInSource, _duplicatesInTarget, _malformedInSource, _malformedInTarget;

    /// <summary>
    /// The largest quantity (either sign) accepted: far above any stock level, and small enough that the difference
    /// of two quantities never overflows <see cref="decimal"/>.
    /// </summary>
    public const decimal MaxQuantity = 1_000_000_000_000_000m;

    /// <summary>Creates an empty reconciliation.</summary>
    /// <param name="sampleLimit">How many malformed and duplicate rows to keep as examples (all are counted).</param>
    /// <param name="targetCapacity">Expected number of target SKUs, to size the dictionary once; 0 when unknown.</param>
    public StockReconciliation(int sampleLimit = 20, int targetCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(targetCapacity);
        _sampleLimit = sampleLimit;
        _target = new Dictionary<string, TargetEntry>(targetCapacity, StringComparer.Ordinal);
        _targetBySpan = _target.GetAlternateLookup<ReadOnlySpan<char>>();
        _sourceOnlyBySpan = _sourceOnly.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private enum Phase
    {
        LoadingTarget,
        StreamingSource,
        Finished,
    }

    /// <summary>The first malformed rows, in the order they were reported (at most the sample limit).</summary>
    public IReadOnlyList<MalformedRow> MalformedSamples => _malformed;

    /// <summary>The first duplicate rows, in the order they were found (at most the sample limit).</summary>
    public IReadOnlyList<DuplicateRow> DuplicateSamples => _duplicates;

    /// <summary>The counts so far; final after <see cref="Finish"/> has been enumerated.</summary>
    public ReconciliationCounts Counts
    {
        get
        {
            var missingInTarget = _sourceOnly.Count;
            return new ReconciliationCounts(
                _sourceRows, _targetRows, _target.Count + missingInTarget, _matched, _equal, _quantityDiffers,
                missingInTarget, _missingInSource, _oversold, _duplicatesInSource, _duplicatesInTarget,
                _malformedInSource, _malformedInTarget, _negativeInTarget);
        }
    }

    /// <summary>Adds a target row. All target rows come before the first source row.</summary>
    /// <exception cref="ArgumentException">An empty SKU, or a quantity beyond <see cref="MaxQuantity"/>.</exception>
    /// <exception cref="InvalidOperationException">A source row was already compared.</exception>
    public void AddTarget(ReadOnlySpan<char> sku, decimal quantity, long line)
    {
        RequirePhase(Phase.LoadingTarget, "Target rows must all come before the first source row.");
        RequireRow(sku, quantity);
        _targetRows++;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_targetBySpan, sku, out var exists);
        if (exists)
        {
            _duplicatesInTarget++;
            AddDuplicate(StockSide.Target, sku, line, entry.Line);
            return;
        }

        entry = new TargetEntry(quantity, line);
    }

    /// <summary>
    /// Compares a source row with the target. Returns the discrepancy it reveals, if any: a quantity difference, an
    /// oversold SKU, or a SKU missing in the target. A duplicate source row is counted and returns nothing.
    /// </summary>
    /// <exception cref="ArgumentException">An empty SKU, or a quantity beyond <see cref="MaxQuantity"/>.</exception>
    /// <exception cref="InvalidOperationException">The reconciliation is finished.</exception>
    public Discrepancy? CompareSource(ReadOnlySpan<char> sku, decimal quantity, long line)
    {
        if (_phase == Phase.LoadingTarget)
        {
            _phase = Phase.StreamingSource;
        }

        RequirePhase(Phase.StreamingSource, "The reconciliation is finished.");
        RequireRow(sku, quantity);
        _sourceRows++;
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_targetBySpan, sku);
        if (Unsafe.IsNullRef(ref entry))
        {
            ref var firstLine = ref CollectionsMarshal.GetValueRefOrAddDefault(_sourceOnlyBySpan, sku, out var seen);
            if (seen)
            {
                _duplicatesInSource++;
                AddDuplicate(StockSide.Source, sku, line, firstLine);
                return null;
            }

            firstLine = line;
            return new Discrepancy(sku.ToString(), quantity, null, DiscrepancyKind.MissingInTarget);
        }

        if (entry.SourceLine != 0)
        {
            _duplicatesInSource++;
            AddDuplicate(StockSide.Source, sku, line, entry.SourceLine);
            return null;
        }

        // A line number of 0 would read as "not matched yet"; real lines start at 1.
        entry.SourceLine = Math.Max(line, 1);
        _matched++;
        var target = entry.Quantity;
        var oversold = IsOversold(quantity, target);
        if (oversold)
        {
            _oversold++;
            _negativeInTarget += target < 0 ? 1 : 0;
        }

        if (target == quantity)
        {
            _equal++;
            return oversold ? new Discrepancy(sku.ToString(), quantity, target, DiscrepancyKind.Oversold) : null;
        }

        _quantityDiffers++;
        var kind = oversold ? DiscrepancyKind.Oversold : DiscrepancyKind.QuantityDiffers;
        return new Discrepancy(sku.ToString(), quantity, target, kind);
    }

    /// <summary>Counts a row that could not be read.</summary>
    public void AddMalformed(StockSide side, long line, string reason)
    {
        if (side == StockSide.Source)
        {
            _malformedInSource++;
        }
        else
        {
            _malformedInTarget++;
        }

        if (_malformed.Count < _sampleLimit)
        {
            _malformed.Add(new MalformedRow(side, line, reason));
        }
    }

    /// <summary>
    /// Ends the source stream and yields the SKUs that only the target has (as <see cref="DiscrepancyKind.MissingInSource"/>,
    /// or <see cref="DiscrepancyKind.Oversold"/> when their quantity is below zero). Enumerate it once, to the end.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already finished.</exception>
    public IEnumerable<Discrepancy> Finish()
    {
        if (_phase == Phase.Finished)
        {
            throw new InvalidOperationException("The reconciliation is already finished.");
        }

        _phase = Phase.Finished;
        return TargetOnly();
    }

    /// <summary>
    /// Whether the store can sell units the ERP does not hold: the target is below zero (already oversold), or the
    /// target is above zero and above the source (it offers stock that is not there).
    /// </summary>
    /// <param name="source">The source (ERP) quantity; null when the SKU is missing in the source.</param>
    /// <param name="target">The target (store) quantity.</param>
    public static bool IsOversold(decimal? source, decimal target) =>
        target < 0 || (source is { } available && target > 0 && target > available);

    private IEnumerable<Discrepancy> TargetOnly()
    {
        foreach (var (sku, entry) in _target)
        {
            if (entry.SourceLine != 0)
            {
                continue;
            }

            _missingInSource++;
            var oversold = IsOversold(null, entry.Quantity);
            if (oversold)
            {
                _oversold++;
                _negativeInTarget += entry.Quantity < 0 ? 1 : 0;
            }

            yield return new Discrepancy(sku, null, entry.Quantity, oversold ? DiscrepancyKind.Oversold : DiscrepancyKind.MissingInSource);
        }
    }

    private void AddDuplicate(StockSide side, ReadOnlySpan<char> sku, long line, long firstLine)
    {
        if (_duplicates.Count < _sampleLimit)
        {
            _duplicates.Add(new DuplicateRow(side, sku.ToString(), line, firstLine));
        }
    }

    private void RequirePhase(Phase phase, string message)
    {
        if (_phase != phase)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static void RequireRow(ReadOnlySpan<char> sku, decimal quantity)
    {
        if (sku.IsEmpty)
        {
            throw new ArgumentException("A SKU must not be empty; report the row as malformed instead.", nameof(sku));
        }

        if (Math.Abs(quantity) > MaxQuantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Beyond MaxQuantity; report the row as malformed instead.");
        }
    }

    private struct TargetEntry(decimal quantity, long line)
    {
        public readonly decimal Quantity = quantity;
        public readonly long Line = line;

        /// <summary>The line of the matching source row; 0 until one is seen.</summary>
        public long SourceLine;
    }
}
