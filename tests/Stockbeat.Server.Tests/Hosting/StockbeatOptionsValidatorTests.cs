using Stockbeat.Server.Hosting;

namespace Stockbeat.Server.Tests.Hosting;

/// <summary>Settings the ping writer cannot work with stop the server at start with a message naming them.</summary>
public sealed class StockbeatOptionsValidatorTests
{
    [Theory]
    [InlineData(nameof(PingOptions.QueueCapacity))]
    [InlineData(nameof(PingOptions.BatchSize))]
    [InlineData(nameof(PingOptions.StoreBatchSize))]
    [InlineData(nameof(PingOptions.Writers))]
    public void Validate_RefusesAPingBatchSettingBelowOne(string setting)
    {
        var options = new StockbeatOptions();
        typeof(PingOptions).GetProperty(setting)!.SetValue(options.Ping, 0);

        var result = new StockbeatOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsTheDefaults() =>
        Assert.True(new StockbeatOptionsValidator().Validate(null, new StockbeatOptions()).Succeeded);
}
