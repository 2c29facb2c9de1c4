using Stockbeat.Core.Checks;
using Stockbeat.Core.Incidents;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

/// <summary>Incidents, escalation steps and deliveries: each step fires once and each delivery is sent by one caller.</summary>
public abstract partial class StoreContractTests
{
    private static readonly EscalationPolicy TwoSteps = new(
        [
            new EscalationStep(TimeSpan.Zero, [], ["webhook"], null, null),
            new EscalationStep(TimeSpan.FromMinutes(5), [], ["webhook"], "still down", null),
        ],
        null);

    private static readonly Func<Guid, bool> NoPingPending = _ => false;

    /// <summary>A down monitor with a webhook channel assigned and a two-step default policy.</summary>
    private async Task<(Check Check, ChannelRecord Channel)> DownCheckWithChannelAsync()
    {
        var projectId = await CreateProjectAsync();
        await Store.CreatePolicyAsync(projectId, "two steps", TwoSteps, isDefault: true, T0, Ct);
        var channel = await Store.CreateChannelAsync(projectId, "webhook", "ops", """{"url":"http://127.0.0.1:1/"}""", T0, Ct);
        var check = await CreateCheckAsync(projectId);
        await Store.SetCheckChannelsAsync(check.Id, [channel.Id], Ct);
        await IngestAsync(Ping(check, "fail", T0));
        return (check, channel);
    }

    [Fact]
    public async Task EscalateDueAsync_FiresEachStepOnce_WhenCalledRepeatedly()
    {
        var (check, channel) = await DownCheckWithChannelAsync();
        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));

        var atOpen = await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);
        var again = await Store.EscalateDueAsync(T0.AddMinutes(4), 10, NoPingPending, Ct);
        var second = await Store.EscalateDueAsync(T0.AddMinutes(5), 10, NoPingPending, Ct);
        var afterLast = await Store.EscalateDueAsync(T0.AddHours(5), 10, NoPingPending, Ct);

        Assert.Equal((1, 0, 1, 0), (atOpen.Done, again.Done, second.Done, afterLast.Done));
        var deliveries = await Store.ListDeliveriesAsync(incident.Id, Ct);
        Assert.Equal([(1, channel.Id, "alert"), (2, channel.Id, "alert")], deliveries.Select(d => (d.Step, d.ChannelId, d.Kind)));
        Assert.Null((await Store.GetIncidentAsync(check.ProjectId, incident.Id, Ct))!.NextStepAt);
    }

    [Fact]
    public async Task EscalateDueAsync_HoldsBackTheIncident_WhileItsMonitorMayHaveAPingWaiting()
    {
        var (check, channel) = await DownCheckWithChannelAsync();
        var other = await CreateCheckAsync(check.ProjectId, "erp-to-web", "erp-to-web");
        await Store.SetCheckChannelsAsync(other.Id, [channel.Id], Ct);
        await IngestAsync(Ping(other, "fail", T0));
        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));

        var held = await Store.EscalateDueAsync(T0, 10, uuid => uuid == check.Uuid, Ct);

        Assert.Equal(new HeldBackPass(1, 1), held);
        Assert.Empty(await Store.ListDeliveriesAsync(incident.Id, Ct));
        Assert.Single(await Store.ListDeliveriesAsync(Assert.Single(await Store.ListIncidentsAsync(other.Id, Ct)).Id, Ct));
        var later = await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);
        Assert.Equal(new HeldBackPass(1, 0), later);
        Assert.Equal([(1, channel.Id)], (await Store.ListDeliveriesAsync(incident.Id, Ct)).Select(d => (d.Step, d.ChannelId)));
    }

    [Fact]
    public async Task ClaimDeliveriesAsync_ClaimsEveryDeliveryExactlyOnce_WhenClaimersRace()
    {
        var projectId = await CreateProjectAsync();
        var channel = await Store.CreateChannelAsync(projectId, "webhook", "ops", """{"url":"http://127.0.0.1:1/"}""", T0, Ct);
        for (var i = 0; i < 6; i++)
        {
            var check = await CreateCheckAsync(projectId, $"sync-{i}", $"sync-{i}");
            await Store.SetCheckChannelsAsync(check.Id, [channel.Id], Ct);
            await IngestAsync(Ping(check, "fail", T0));
        }

        await Store.EscalateDueAsync(T0, 100, NoPingPending, Ct);

        var claims = await RaceAsync(_ => Store.ClaimDeliveriesAsync(T0.AddSeconds(1), TimeSpan.FromMinutes(2), 2, Ct));
        var claimed = claims.SelectMany(c => c).Select(w => w.Delivery.Id).ToList();
        var duringLease = await Store.ClaimDeliveriesAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(2), 100, Ct);

        Assert.Equal(6, claimed.Count);
        Assert.Equal(6, claimed.Distinct().Count());
        Assert.Empty(duringLease);
    }

    [Fact]
    public async Task ClaimDeliveriesAsync_ReturnsDeliveryAgain_WhenLeaseLapsedWithoutCompletion()
    {
        var (check, _) = await DownCheckWithChannelAsync();
        await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);

        var first = Assert.Single(await Store.ClaimDeliveriesAsync(T0, TimeSpan.FromMinutes(2), 10, Ct));
        var afterLease = Assert.Single(await Store.ClaimDeliveriesAsync(T0.AddMinutes(3), TimeSpan.FromMinutes(2), 10, Ct));

        Assert.Equal(first.Delivery.Id, afterLease.Delivery.Id);
        Assert.Equal(check.Uuid, afterLease.Check.Uuid);
        Assert.Equal("ops", afterLease.Channel!.Name);
    }

    [Fact]
    public async Task CompleteDeliveryAsync_SchedulesRetryAndRecordsError_WhenSendFailedTransiently()
    {
        var (check, channel) = await DownCheckWithChannelAsync();
        await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);
        var work = Assert.Single(await Store.ClaimDeliveriesAsync(T0, TimeSpan.FromMinutes(2), 10, Ct));

        await Store.CompleteDeliveryAsync(work.Delivery.Id, "pending", "HTTP 503 Service Unavailable", T0.AddSeconds(15), T0, Ct);
        var early = await Store.ClaimDeliveriesAsync(T0.AddSeconds(10), TimeSpan.FromMinutes(2), 10, Ct);
        var retry = Assert.Single(await Store.ClaimDeliveriesAsync(T0.AddSeconds(15), TimeSpan.FromMinutes(2), 10, Ct));
        await Store.CompleteDeliveryAsync(retry.Delivery.Id, "sent", null, null, T0.AddSeconds(16), Ct);

        Assert.Empty(early);
        Assert.Equal(1, retry.Delivery.Attempts);
        var delivery = Assert.Single(await Store.ListDeliveriesAsync(work.Incident.Id, Ct));
        Assert.Equal(("sent", 2), (delivery.Status, delivery.Attempts));
        Assert.Null((await Store.ListChannelsAsync(check.ProjectId, Ct)).Single(c => c.Id == channel.Id).LastError);
    }

    [Fact]
    public async Task AcknowledgeIncidentAsync_StopsEscalation_AndRefusesSecondAcknowledgement()
    {
        var (check, _) = await DownCheckWithChannelAsync();
        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
        await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);

        var acknowledged = await Store.AcknowledgeIncidentAsync(incident.Id, "tester", T0.AddMinutes(1), Ct);
        var twice = await Store.AcknowledgeIncidentAsync(incident.Id, "tester", T0.AddMinutes(2), Ct);
        var fired = await Store.EscalateDueAsync(T0.AddHours(1), 10, NoPingPending, Ct);

        Assert.NotNull(acknowledged);
        Assert.Null(acknowledged.NextStepAt);
        Assert.Null(twice);
        Assert.Equal(new HeldBackPass(0, 0), fired);
    }

    [Fact]
    public async Task IngestPingsAsync_QueuesRecoveryOnlyForToldChannels_WhenMonitorRecovers()
    {
        var (check, channel) = await DownCheckWithChannelAsync();
        await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);
        var work = Assert.Single(await Store.ClaimDeliveriesAsync(T0, TimeSpan.FromMinutes(2), 10, Ct));
        await Store.CompleteDeliveryAsync(work.Delivery.Id, "sent", null, null, T0, Ct);

        await IngestAsync(Ping(check, "", T0.AddMinutes(1)));

        var deliveries = await Store.ListDeliveriesAsync(work.Incident.Id, Ct);
        Assert.Equal([("alert", "sent"), ("recovery", "pending")], deliveries.Select(d => (d.Kind, d.Status)));
        Assert.Equal(channel.Id, deliveries[1].ChannelId);
        Assert.Equal("resolved", Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct)).State);
    }

    [Fact]
    public async Task AcknowledgeIncidentAsync_CancelsAlertsWaitingForRetry_WhenAcknowledged()
    {
        var (check, _) = await DownCheckWithChannelAsync();
        await Store.EscalateDueAsync(T0, 10, NoPingPending, Ct);
        var work = Assert.Single(await Store.ClaimDeliveriesAsync(T0, TimeSpan.FromMinutes(2), 10, Ct));
        await Store.CompleteDeliveryAsync(work.Delivery.Id, "pending", "HTTP 503 Service Unavailable", T0.AddSeconds(15), T0, Ct);

        await Store.AcknowledgeIncidentAsync(work.Incident.Id, "tester", T0.AddSeconds(5), Ct);
        var due = await Store.ClaimDeliveriesAsync(T0.AddMinutes(10), TimeSpan.FromMinutes(2), 10, Ct);

        Assert.Empty(due);
        Assert.Equal("cancelled", Assert.Single(await Store.ListDeliveriesAsync(work.Incident.Id, Ct)).Status);
        Assert.Equal(check.Id, work.Incident.CheckId);
    }
}
