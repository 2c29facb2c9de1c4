using System.Net;
using System.Text;
using System.Text.Json;
using Stockbeat.Storage;
using Xunit;
using static Stockbeat.Testing.ApiCalls;
using static Stockbeat.Testing.TestCancellation;

namespace Stockbeat.Testing;

/// <summary>
/// The requests tests set up and inspect a server with, through the real HTTP API and the read-write key. Each fails
/// the test, with the answer's body, unless the server answers as it should.
/// </summary>
public static class HostRequests
{
    public const string OtherProjectKey = "test-other-project-api-key-0001";

    /// <summary>Creates a monitor through <c>POST /api/v3/checks/</c> and returns its JSON.</summary>
    public static Task<JsonElement> CreateCheckAsync(this StockbeatHost host, object spec) =>
        host.CreateAsync("api/v3/checks/", spec);

    /// <summary>Creates a monitor and returns its uuid.</summary>
    public static async Task<string> CreateCheckUuidAsync(this StockbeatHost host, object spec) =>
        (await host.CreateCheckAsync(spec)).GetProperty("uuid").GetString()!;

    /// <summary>The monitor as <c>GET /api/v3/checks/{id}</c> shows it.</summary>
    public static Task<JsonElement> GetCheckAsync(this StockbeatHost host, string id) =>
        host.ReadAsync($"api/v3/checks/{id}");

    /// <summary>The monitors of the project, optionally filtered by <paramref name="query"/> (e.g. <c>?tag=a</c>).</summary>
    public static async Task<JsonElement[]> ListChecksAsync(this StockbeatHost host, string query = "") =>
        Items(await host.ReadAsync($"api/v3/checks/{query}"), "checks");

    /// <summary>Pauses the monitor through <c>POST /api/v3/checks/{uuid}/pause</c> and returns its JSON.</summary>
    public static async Task<JsonElement> PauseCheckAsync(this StockbeatHost host, string uuid) =>
        (await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/pause")).Expect(HttpStatusCode.OK, "pause").Json;

    /// <summary>The monitor's stored pings, newest first.</summary>
    public static async Task<JsonElement[]> ListPingsAsync(this StockbeatHost host, string uuid) =>
        Items(await host.ReadAsync($"api/v3/checks/{uuid}/pings/"), "pings");

    /// <summary>The monitor's runs, newest first.</summary>
    public static async Task<JsonElement[]> ListRunsAsync(this StockbeatHost host, string uuid, string query = "") =>
        Items(await host.ReadAsync($"api/v3/checks/{uuid}/runs/{query}"), "runs");

    /// <summary>Sends a finish ping with a JSON run report as its body. Expects 200.</summary>
    public static async Task ReportAsync(this StockbeatHost host, string path, string reportJson) =>
        (await SendAsync(host.Client, HttpMethod.Post, path, Json(reportJson))).Expect(HttpStatusCode.OK, $"report {path}");

    /// <summary>The body of ping number <paramref name="n"/>, byte for byte.</summary>
    public static async Task<byte[]> GetPingBodyAsync(this StockbeatHost host, string uuid, long n)
    {
        using var response = await host.Api.GetAsync($"api/v3/checks/{uuid}/pings/{n}/body", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    /// <summary>
    /// Sends a ping to <paramref name="path"/> (relative, e.g. <c>ping/{uuid}/start</c>) without credentials: GET, or
    /// POST with a text body when there is one. Expects 200.
    /// </summary>
    public static async Task PingAsync(this StockbeatHost host, string path, string? body = null)
    {
        var answer = body is null
            ? await GetAsync(host.Client, path)
            : await SendAsync(host.Client, HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "text/plain"));
        answer.Expect(HttpStatusCode.OK, $"ping {path}");
    }

    /// <summary>Creates a notification channel from a whole request body and returns its id.</summary>
    public static async Task<string> CreateChannelAsync(this StockbeatHost host, object spec) =>
        (await host.CreateAsync("api/v3/channels/", spec)).GetProperty("id").GetString()!;

    /// <summary>Creates a channel of <paramref name="kind"/> with its <paramref name="config"/> and returns its id.</summary>
    public static Task<string> CreateChannelAsync(this StockbeatHost host, string kind, object config, string name = "ops") =>
        host.CreateChannelAsync(new { name, kind, config });

    /// <summary>The notification channels of the project.</summary>
    public static async Task<JsonElement[]> ListChannelsAsync(this StockbeatHost host) =>
        Items(await host.ReadAsync("api/v3/channels/"), "channels");

    /// <summary>Creates an escalation policy and returns its id.</summary>
    public static async Task<string> CreatePolicyAsync(this StockbeatHost host, object policy) =>
        (await host.CreateAsync("api/v3/policies/", policy)).GetProperty("id").GetString()!;

    /// <summary>Creates a maintenance window and returns its JSON.</summary>
    public static Task<JsonElement> CreateMaintenanceAsync(this StockbeatHost host, object window) =>
        host.CreateAsync("api/v3/maintenance/", window);

    /// <summary>The project's incidents with <paramref name="status"/> (<c>all</c>, <c>open</c>, ...).</summary>
    public static async Task<JsonElement[]> ListIncidentsAsync(this StockbeatHost host, string status = "all") =>
        Items(await host.ReadAsync($"api/v3/incidents/?status={status}"), "incidents");

    /// <summary>The one incident with <paramref name="status"/>; fails the test unless there is exactly one.</summary>
    public static async Task<JsonElement> SingleIncidentAsync(this StockbeatHost host, string status = "all") =>
        Assert.Single(await host.ListIncidentsAsync(status));

    /// <summary>An incident with its deliveries and timeline.</summary>
    public static Task<JsonElement> GetIncidentAsync(this StockbeatHost host, string id) =>
        host.ReadAsync($"api/v3/incidents/{id}");

    /// <summary>A client that sends <paramref name="key"/> in <c>X-Api-Key</c>; the caller disposes it.</summary>
    public static HttpClient ClientWithKey(this StockbeatHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client that sends the read-only key; the caller disposes it.</summary>
    public static HttpClient ReadOnlyClient(this StockbeatHost host) => host.ClientWithKey(StockbeatHost.ReadOnlyApiKey);

    /// <summary>Creates a second project with a read-write key and returns a client that uses it.</summary>
    public static async Task<HttpClient> OtherProjectClientAsync(this StockbeatHost host)
    {
        var now = host.Time.GetUtcNow();
        var projectId = await host.Store.CreateProjectAsync("other", now, Ct);
        await host.Store.AddApiKeyAsync(projectId, "other", KeyHash.Of(OtherProjectKey), isReadOnly: false, now, Ct);
        return host.ClientWithKey(OtherProjectKey);
    }

    /// <summary>The base URL the server builds links from when no public URL is configured.</summary>
    public static string BaseUrl(this StockbeatHost host) => host.Address.ToString().TrimEnd('/');

    private static async Task<JsonElement> CreateAsync(this StockbeatHost host, string path, object body) =>
        (await PostAsync(host.Api, path, body)).Expect(HttpStatusCode.Created, $"POST {path}").Json;

    public static async Task<JsonElement> ReadAsync(this StockbeatHost host, string path) =>
        (await GetAsync(host.Api, path)).Expect(HttpStatusCode.OK, $"GET {path}").Json;
}
