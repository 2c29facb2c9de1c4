using System.Text.Json.Nodes;
using Stockbeat.Monitors;

namespace Stockbeat.Tests;

public sealed class ConfigDiffTests
{
    private static readonly MonitorDeclaration Amazon = new()
    {
        Slug = "erp-to-amazon",
        Name = "ERP to Amazon",
        Tags = ["erp", "amazon"],
        Timeout = 900,
        Grace = 300,
        MaxRuntime = 300,
        Channels = ["ops-slack", "ops-mail"],
        DependsOn = ["supplier-to-erp"],
    };

    private static readonly MonitorDeclaration Supplier = new()
    {
        Slug = "supplier-to-erp",
        Name = "Supplier",
        Schedule = "0 2 * * *",
        Tz = "Europe/Berlin",
        Grace = 3600,
        MaxRuntime = 3600,
    };

    private static readonly ChannelDeclaration Slack = new()
    {
        Name = "ops-slack",
        ChannelKind = "slack",
        Config = new JsonObject { ["url"] = "https://hooks.slack.com/services/A/B/old" },
    };

    private static readonly WindowDeclaration Backup = new() { Name = "Backup", Tags = ["erp"], Schedule = "30 1 * * *", Tz = "UTC", Duration = 5400 };

    private static Declarations Of(params IDeclaration[] items) => new(
        [.. items.OfType<ChannelDeclaration>()], [.. items.OfType<PolicyDeclaration>()],
        [.. items.OfType<MonitorDeclaration>()], [.. items.OfType<WindowDeclaration>()]);

    [Fact]
    public void Compute_IsEmpty_WhenServerMatchesFile()
    {
        var changes = ConfigDiff.Compute(Of(Amazon, Supplier, Slack), Of(Supplier, Slack, Amazon), prune: true);

        Assert.True(changes.IsEmpty);
        Assert.Empty(changes.Unmanaged);
    }

    [Fact]
    public void Compute_IgnoresOrderOfChannelsAndDependencies_ButNotOfTags()
    {
        var reordered = Amazon with { Channels = ["ops-mail", "ops-slack"] };
        var retagged = Amazon with { Tags = ["amazon", "erp"] };

        Assert.True(ConfigDiff.Compute(Of(reordered), Of(Amazon), prune: false).IsEmpty);
        var change = Assert.Single(ConfigDiff.Compute(Of(retagged), Of(Amazon), prune: false).Changes);
        Assert.Equal(new FieldChange("tags", "erp amazon", "amazon erp"), Assert.Single(change.Fields));
    }

    [Fact]
    public void Compute_ListsOnlyChangedFields_WithOldAndNewValue()
    {
        var desired = Amazon with { Grace = 900, MaxRuntime = 900, Channels = ["ops-slack"], SkuCount = 12_000 };

        var change = Assert.Single(ConfigDiff.Compute(Of(desired), Of(Amazon), prune: false).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(
            [
                new FieldChange("grace", "5m", "15m"),
                new FieldChange("max_runtime", "5m", "15m"),
                new FieldChange("channels", "ops-mail, ops-slack", "ops-slack"),
                new FieldChange("sku_count", "(none)", "12000"),
            ],
            change.Fields);
    }

    [Fact]
    public void Compute_ShowsSwitchFromTimeoutToSchedule_AsBothFields()
    {
        var desired = Amazon with { Timeout = null, Schedule = "*/15 * * * *", Tz = "UTC" };

        var change = Assert.Single(ConfigDiff.Compute(Of(desired), Of(Amazon), prune: false).Changes);

        Assert.Equal(["timeout", "schedule", "tz"], change.Fields.Select(f => f.Field));
        Assert.Equal(new FieldChange("timeout", "15m", "(none)"), change.Fields[0]);
    }

    [Fact]
    public void Compute_TreatsZeroSkuCountAsUnset_BecauseTheApiCannotClearIt()
    {
        Assert.True(ConfigDiff.Compute(Of(Amazon with { SkuCount = 0 }), Of(Amazon with { SkuCount = null }), prune: false).IsEmpty);
    }

    [Fact]
    public void Compute_HidesSecretValues_ButStillDetectsTheirChange()
    {
        var rotated = Slack with { Config = new JsonObject { ["url"] = "https://hooks.slack.com/services/A/B/new" } };

        var change = Assert.Single(ConfigDiff.Compute(Of(rotated), Of(Slack), prune: false).Changes);

        Assert.Equal(new FieldChange("config.url", "(secret)", "(secret)"), Assert.Single(change.Fields));
    }

    [Fact]
    public void Compute_KeepsServerOnlyObjects_UnlessPruning()
    {
        var kept = ConfigDiff.Compute(Of(Amazon), Of(Amazon, Supplier, Slack, Backup), prune: false);
        var pruned = ConfigDiff.Compute(Of(Amazon), Of(Amazon, Supplier, Slack, Backup), prune: true);

        Assert.True(kept.IsEmpty);
        Assert.Equal(["Backup", "supplier-to-erp", "ops-slack"], kept.Unmanaged.Select(d => d.Key));
        Assert.All(pruned.Changes, c => Assert.Equal(ChangeAction.Delete, c.Action));
        // Windows go before the monitors they name, monitors before the channels they use.
        Assert.Equal(["window", "monitor", "channel"], pruned.Changes.Select(c => c.Declaration.Kind));
    }

    [Fact]
    public void Compute_OrdersCreatesByDependency_AndDeletesLast()
    {
        var old = new MonitorDeclaration { Slug = "old", Name = "old", Timeout = 60, Grace = 60, MaxRuntime = 60 };

        var changes = ConfigDiff.Compute(Of(Backup, Amazon, Slack), Of(old), prune: true);

        Assert.Equal(
            [(ChangeAction.Create, "channel"), (ChangeAction.Create, "monitor"), (ChangeAction.Create, "window"), (ChangeAction.Delete, "monitor")],
            changes.Changes.Select(c => (c.Action, c.Declaration.Kind)));
        Assert.Contains(new FieldChange("depends_on", "", "supplier-to-erp"), changes.Changes[1].Fields);
    }

    [Fact]
    public void Compute_ComparesPolicyStepsWithSecrets_AndPrintsThemMasked()
    {
        static PolicyDeclaration Policy(string token) => new()
        {
            Name = "Storefront",
            Steps = [new PolicyStepDeclaration(0, [], ["slack"], null, new JsonObject
            {
                ["url"] = "https://shop.example.com/banner", ["method"] = "POST", ["headers"] = new JsonObject { ["X-Token"] = token },
            })],
        };

        var change = Assert.Single(ConfigDiff.Compute(Of(Policy("new")), Of(Policy("old")), prune: false).Changes);

        var field = Assert.Single(change.Fields);
        Assert.Equal("steps[0]", field.Field);
        Assert.DoesNotContain("old", field.Old, StringComparison.Ordinal);
        Assert.DoesNotContain("new", field.New, StringComparison.Ordinal);
        Assert.Contains("X-Token: (secret)", field.New, StringComparison.Ordinal);
    }
}
