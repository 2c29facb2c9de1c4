using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Incidents.EscalationFlow;

namespace Stockbeat.Server.Tests.Features.Incidents;

public sealed class IncidentApiTests
{
    private static readonly object FasterPolicy = new { name = "Faster", steps = new[] { new { after = 0, kinds = new[] { "slack" } } } };

    [Fact]
    public async Task Incidents_ShowUniqueKeyNotUuid_WhenKeyIsReadOnly()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-web", tags = "erp" });
        await host.PingAsync($"ping/{uuid}/fail");
        await host.Api.PostAsJsonAsync("api/v3/maintenance/", new { name = "upgrade", start = "2030-01-01T00:00:00Z", end = "2030-01-02T00:00:00Z", checks = new[] { uuid } }, Ct);
        using var readOnly = new HttpClient { BaseAddress = host.Address };
        readOnly.DefaultRequestHeaders.Add("X-Api-Key", StockbeatHost.ReadOnlyApiKey);

        var incidents = await readOnly.GetStringAsync("api/v3/incidents/?status=all", Ct);
        var maintenance = await readOnly.GetStringAsync("api/v3/maintenance/", Ct);

        Assert.DoesNotContain(uuid, incidents, StringComparison.Ordinal);
        Assert.DoesNotContain(uuid, maintenance, StringComparison.Ordinal);
        Assert.Contains(Stockbeat.Core.Checks.UniqueKeys.Of(Guid.Parse(uuid)), incidents, StringComparison.Ordinal);
        Assert.Contains(Stockbeat.Core.Checks.UniqueKeys.Of(Guid.Parse(uuid)), maintenance, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/v3/policies/", """{"name":"p","steps":[{"after":"0","kinds":["slack"]}]}""", "after must be a number")]
    [InlineData("api/v3/policies/", """{"name":"p","steps":[{"after":0,"kinds":["slack"]}],"repeat_every":"600"}""", "repeat_every must be null or a number")]
    [InlineData("api/v3/policies/", """{"name":"p","steps":[{"after":0,"action":{"url":"http://127.0.0.1:9/x","method":"GET","body":"x"}}]}""", "body cannot go with method GET")]
    [InlineData("api/v3/policies/", """{"name":"p","steps":[{"after":0}]}""", "notifies nobody")]
    [InlineData("api/v3/maintenance/", """{"name":"m","tags":"erp","schedule":"0 2 * * *","duration":"3600"}""", "duration must be a number")]
    [InlineData("api/v3/maintenance/", """{"name":"m","tags":"erp","schedule":"0 2 31 4 *","duration":3600}""", "schedule never fires")]
    public async Task Create_Returns400_WhenNumberFieldHoldsAString(string path, string body, string expected)
    {
        await using var host = await StockbeatHost.StartAsync();

        var response = await host.Api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgedDownstream_StaysQuiet_WhenUpstreamRecoversFirst()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var supplier = await host.CreateCheckUuidAsync(new { name = "supplier-to-erp", channels = "*" });
        var web = await host.CreateCheckUuidAsync(new { name = "erp-to-web", channels = "*", depends_on = new[] { supplier } });
        await host.PingAsync($"ping/{supplier}/fail");
        await host.PingAsync($"ping/{web}/fail");
        await host.RunAlertPassesAsync();
        var downstream = (await host.ListIncidentsAsync()).Single(i => i.GetProperty("check").GetString() == web);
        var ack = await host.Api.PostAsync($"api/v3/incidents/{downstream.GetProperty("id").GetString()}/ack", null, Ct);

        await host.PingAsync($"ping/{supplier}");
        await host.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.DoesNotContain(peer.To("/slack"), r => r.Body.Contains("erp-to-web", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policy_KeepsDefaultFlag_WhenUpdateDoesNotMentionIt()
    {
        await using var host = await StockbeatHost.StartAsync();
        var policies = await host.Api.GetFromJsonAsync<JsonElement>("api/v3/policies/", Ct);
        var builtIn = Assert.Single(policies.GetProperty("policies").EnumerateArray());

        var update = await host.Api.PostAsJsonAsync($"api/v3/policies/{builtIn.GetProperty("id").GetString()}", FasterPolicy, Ct);
        var updated = await update.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(builtIn.GetProperty("default").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.True(updated.GetProperty("default").GetBoolean());
        Assert.Equal("Faster", updated.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Repeat_RefiresLastStep_WhileNobodyAcknowledges()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var slack = await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var policy = await host.CreatePolicyAsync(new { name = "nag", steps = new[] { new { after = 0, channels = new[] { slack } } }, repeat_every = 600 });
        var uuid = await host.CreateCheckUuidAsync(new { name = "pos-to-web", policy });
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();

        await host.AdvanceAsync(TimeSpan.FromMinutes(9));
        var before = peer.To("/slack").Count;
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(1, before);
        Assert.Equal(3, peer.To("/slack").Count);
    }
}
