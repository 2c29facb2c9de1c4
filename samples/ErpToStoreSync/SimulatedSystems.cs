namespace ErpToStoreSync;

/// <summary>A stock level as the ERP exports it: on hand minus reserved (open orders) is what may be sold.</summary>
internal sealed record StockLevel(string Sku, int OnHand, int Reserved)
{
    public int Salable => OnHand - Reserved;
}

/// <summary>Stands in for the ERP's stock export.</summary>
internal sealed class SimulatedErp(int skus, Random random)
{
    public IEnumerable<StockLevel> StockLevels()
    {
        for (var i = 1; i <= skus; i++)
        {
            var onHand = random.Next(0, 200);
            // Open orders reserve what is on hand; more reserved than on hand (oversold) is the rare exception.
            yield return new StockLevel($"SKU-{i:D6}", onHand, random.Next(0, Math.Min(12, onHand + 1)));
        }
    }
}

/// <summary>The store refused an update (rate limit, unknown SKU, validation).</summary>
internal sealed class StoreApiException(string message) : Exception(message);

/// <summary>Stands in for the storefront's inventory API, with some updates failing.</summary>
internal sealed class SimulatedStore(Random random, double failureRate)
{
    private readonly Dictionary<string, int> _quantities = [];

    public int ApiCalls { get; private set; }

    /// <summary>The quantity the store shows now; most SKUs are already right.</summary>
    public int QuantityOf(StockLevel level) =>
        _quantities.TryGetValue(level.Sku, out var quantity) ? quantity : random.NextDouble() < 0.8 ? Math.Max(0, level.Salable) : random.Next(0, 200);

    public async Task SetQuantityAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        ApiCalls++;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (random.NextDouble() < failureRate)
        {
            throw new StoreApiException($"429 Too Many Requests for {sku}");
        }

        _quantities[sku] = quantity;
    }
}
