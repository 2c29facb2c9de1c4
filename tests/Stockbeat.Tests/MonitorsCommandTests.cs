using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Tests;

/// <summary>
/// <c>stockbeat monitors …</c> driven as a process against a real <c>stockbeat serve</c> on loopback: the file is
/// applied, re-applied, diffed, pruned and exported exactly as a CI job would.
/// </summary>
public sealed class MonitorsCommandTests
{
    private const string SlackUrl = "https://hooks.slack.com/services/T000/B000/s3cr3tSlackToken";
    private const string ShopToken = "shop-t0ken-value";

    private const string Setup = """
        channels:
          - name: ops-slack
            kind: slack
            config:
              url: ${SLACK_URL}
          - name: ops-mail
            kind: email
            config:
              to: ops@example.com, stock@example.com
          - name: shop-hook
            kind: webhook
            config:
              url: https://shop.example.com/hooks/stockbeat
              headers:
                Authorization: Bearer ${SHOP_TOKEN}
        policies:
          - name: Storefront
            repeat_every: 30m
            steps:
              - after: 0
                channels: [ops-slack]
              - after: 15m
                kinds: [email]
                message: Consider pausing sales on Amazon.
                action:
                  url: https://shop.example.com/admin/banner
                  headers:
                    X-Token: ${SHOP_TOKEN}
        monitors:
          - slug: supplier-to-erp
            name: Supplier to ERP
            tags: [erp, supplier]
            schedule: "0 2 * * *"
            tz: Europe/Berlin
            grace: 1h
            channels: [ops-mail]
          - slug: erp-to-amazon
            name: ERP → Amazon
            tags: [erp, amazon]
            timeout: 15m
            velocity: fast
            max_runtime: 20m
            platform: amazon-feeds
            sku_count: 12000
            source: erp
            destination: amazon
            error_threshold: 0.02
            min_runtime: 2m
            rules:
              failure_rate: 0.1
              duration_variability: false
            channels: [ops-slack, ops-mail]
            policy: Storefront
            depends_on: [supplier-to-erp]
        maintenance:
          - name: Nightly ERP backup
            tags: [erp]
            schedule: "30 1 * * *"
            tz: Europe/Berlin
            duration: 90m
          - name: ERP upgrade
            monitors: [erp-to-amazon]
            start: 2026-12-05T22:00:00+01:00
            end: 2026-12-06T04:00:00+01:00
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_CreatesEverythingThenReportsNoChanges_WhenAppliedTwice()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);

        var first = await env.RunAsync("monitors", "apply");
        var second = await env.RunAsync("monitors", "apply");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("+ monitor erp-to-amazon", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Applied stockbeat.yaml: 8 created, 0 changed, 0 deleted.", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackUrl, first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("No changes: the server already matches stockbeat.yaml.", second.Stdout, StringComparison.Ordinal);

        var checks = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").EnumerateArray().ToList();
        var supplier = checks.Single(c => c.GetProperty("slug").GetString() == "supplier-to-erp");
        var amazon = checks.Single(c => c.GetProperty("slug").GetString() == "erp-to-amazon");
        Assert.Equal("ERP → Amazon", amazon.GetProperty("name").GetString());
        Assert.Equal(900, amazon.GetProperty("grace").GetInt64());
        Assert.Equal(1200, amazon.GetProperty("max_runtime").GetInt64());
        Assert.Equal(12000, amazon.GetProperty("sku_count").GetInt64());
        Assert.Equal(0.1, amazon.GetProperty("rules").GetProperty("failure_rate").GetDouble());
        Assert.Equal(JsonValueKind.False, amazon.GetProperty("rules").GetProperty("duration_variability").ValueKind);
        Assert.Equal([supplier.GetProperty("uuid").GetString()], amazon.GetProperty("depends_on").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(2, amazon.GetProperty("channels").GetString()!.Split(',').Length);
        Assert.Equal("0 2 * * *", supplier.GetProperty("schedule").GetString());
        Assert.Equal("Europe/Berlin", supplier.GetProperty("tz").GetString());
        var slack = (await env.GetAsync("api/v3/channels/")).GetProperty("channels").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "ops-slack");
        var slackConfig = await env.GetAsync($"api/v3/channels/{slack.GetProperty("id").GetString()}");
        Assert.Equal(SlackUrl, slackConfig.GetProperty("config").GetProperty("url").GetString());
        Assert.Equal(2, (await env.GetAsync("api/v3/maintenance/")).GetProperty("maintenance").GetArrayLength());
    }

    [Fact]
    public async Task Apply_ManagesEventFlowAndJobFields_AndExportRoundTrips()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", """
            monitors:
              - slug: shopify-order-webhooks
                name: Shopify order webhooks
                kind: event_flow
                min_events: 10
                window: 15m
                active_hours: "08:00-22:00"
                tz: Europe/Berlin
                source: shopify
                destination: erp
              - slug: erp-to-ebay
                timeout: 30m
                error_threshold: 2%
                min_runtime: 2m
            """);

        var first = await env.RunAsync("monitors", "apply");
        var second = await env.RunAsync("monitors", "apply");
        var export = await env.RunAsync("monitors", "export", "-o", "exported.yaml");
        var reapply = await env.RunAsync("monitors", "apply", "-f", "exported.yaml");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("No changes", second.Stdout, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("No changes", reapply.Stdout, StringComparison.Ordinal);
        var checks = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").EnumerateArray().ToList();
        var flow = checks.Single(c => c.GetProperty("slug").GetString() == "shopify-order-webhooks");
        var ebay = checks.Single(c => c.GetProperty("slug").GetString() == "erp-to-ebay");
        Assert.Equal(("event_flow", 10, 900L, "08:00-22:00", "Europe/Berlin", "shopify"), (
            flow.GetProperty("kind").GetString(), flow.GetProperty("min_events").GetInt32(), flow.GetProperty("window").GetInt64(),
            flow.GetProperty("active_hours").GetString(), flow.GetProperty("tz").GetString(), flow.GetProperty("source").GetString()));
        Assert.Equal((0.02, 120L), (ebay.GetProperty("error_threshold").GetDouble(), ebay.GetProperty("min_runtime").GetInt64()));
    }

    [Fact]
    public async Task ApplyDryRun_PrintsDiffAndChangesNothing_WhenFileDiffers()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);
        Assert.Equal(0, (await env.RunAsync("monitors", "apply")).ExitCode);
        env.WriteFile("stockbeat.yaml", Setup
            .Replace("    grace: 1h\n", "    grace: 2h\n", StringComparison.Ordinal)
            .Replace("monitors:\n", "monitors:\n  - slug: pos-to-web\n    timeout: 5m\n", StringComparison.Ordinal));

        var dryRun = await env.RunAsync("monitors", "apply", "--dry-run");
        var drift = await env.RunAsync("monitors", "apply", "--dry-run", "--detailed-exitcode");
        var json = await env.RunAsync("monitors", "apply", "--dry-run", "--json");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("+ monitor pos-to-web", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("~ monitor supplier-to-erp\n    grace: 1h → 2h\n", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: 1 to create, 1 to change, 0 to delete. Nothing was changed.", dryRun.Stdout, StringComparison.Ordinal);
        var checks = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(2, checks.Count);
        Assert.Equal(3600, checks.Single(c => c.GetProperty("slug").GetString() == "supplier-to-erp").GetProperty("grace").GetInt64());

        Assert.Equal(2, drift.ExitCode);
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
            Assert.False(document.RootElement.GetProperty("applied").GetBoolean());
            Assert.Equal(["create pos-to-web", "update supplier-to-erp"], changes.Select(c => $"{c.GetProperty("action")} {c.GetProperty("key")}"));
            Assert.Equal("2h", changes[1].GetProperty("fields")[0].GetProperty("new").GetString());
        }

        var apply = await env.RunAsync("monitors", "apply");
        var noDrift = await env.RunAsync("monitors", "apply", "--dry-run", "--detailed-exitcode");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(3, (await env.GetAsync("api/v3/checks/")).GetProperty("checks").GetArrayLength());
        Assert.True(noDrift.ExitCode == 0, noDrift.ToString());
    }

    /// <summary>Applies <see cref="Setup"/>, then writes it again with <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    private static async Task ApplySetupThenEditAsync(CliEnvironment env, string from, string to)
    {
        env.WriteFile("stockbeat.yaml", Setup);
        Assert.Equal(0, (await env.RunAsync("monitors", "apply")).ExitCode);
        env.WriteFile("stockbeat.yaml", Setup.Replace(from, to, StringComparison.Ordinal));
    }

    // A field left out of the file goes back to "none" on the server, not to whatever it was.
    [Theory]
    [InlineData("    sku_count: 12000\n", "sku_count: 12000 → (none)", "sku_count")]
    [InlineData("    rules:\n      failure_rate: 0.1\n      duration_variability: false\n", "rules: duration_variability: false, failure_rate: 0.1 → (none)", "rules")]
    public async Task Apply_ClearsFieldOnTheServer_WhenRemovedFromTheFile(string removed, string diff, string field)
    {
        await using var env = await CliEnvironment.StartAsync();
        await ApplySetupThenEditAsync(env, removed, "");

        var apply = await env.RunAsync("monitors", "apply");
        var again = await env.RunAsync("monitors", "apply", "--dry-run", "--detailed-exitcode");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains(diff, apply.Stdout, StringComparison.Ordinal);
        var value = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("slug").GetString() == "erp-to-amazon").GetProperty(field);
        Assert.True(value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any()), $"{field} is {value}");
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public async Task Apply_ReplacesChannelAndKeepsItsAssignments_WhenKindChanges()
    {
        await using var env = await CliEnvironment.StartAsync();
        await ApplySetupThenEditAsync(env, "    kind: slack\n", "    kind: discord\n");

        var apply = await env.RunAsync("monitors", "apply");
        var again = await env.RunAsync("monitors", "apply");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("~ channel ops-slack\n    kind: slack → discord\n", apply.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes", again.Stdout, StringComparison.Ordinal);
        var channel = (await env.GetAsync("api/v3/channels/")).GetProperty("channels").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "ops-slack");
        var id = channel.GetProperty("id").GetString()!;
        Assert.Equal("discord", channel.GetProperty("kind").GetString());
        var amazon = (await env.GetAsync("api/v3/checks/?slug=erp-to-amazon")).GetProperty("checks")[0];
        Assert.Contains(id, amazon.GetProperty("channels").GetString()!, StringComparison.Ordinal);
        var storefront = (await env.GetAsync("api/v3/policies/")).GetProperty("policies").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Storefront");
        Assert.Equal([id], storefront.GetProperty("steps")[0].GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task ApplyPrune_DeletesServerObjects_OnlyWhenAsked()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);
        Assert.Equal(0, (await env.RunAsync("monitors", "apply")).ExitCode);
        using var created = await env.Api.PostAsJsonAsync("api/v3/checks/", new { name = "Hand made", timeout = 600 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var withoutPrune = await env.RunAsync("monitors", "apply");
        var stillThere = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").GetArrayLength();
        var prune = await env.RunAsync("monitors", "apply", "--prune");
        var afterPrune = (await env.GetAsync("api/v3/checks/")).GetProperty("checks").EnumerateArray()
            .Select(c => c.GetProperty("slug").GetString()).ToList();

        Assert.Contains("(kept) monitor hand-made: not in stockbeat.yaml; --prune would delete it", withoutPrune.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, stillThere);
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("- monitor hand-made", prune.Stdout, StringComparison.Ordinal);
        Assert.Contains("- policy Default escalation", prune.Stdout, StringComparison.Ordinal);
        Assert.Equal(["supplier-to-erp", "erp-to-amazon"], afterPrune);
        Assert.Single((await env.GetAsync("api/v3/policies/")).GetProperty("policies").EnumerateArray());
    }

    [Fact]
    public async Task Export_WritesFileThatAppliesWithNoChanges_WithSecretsAsReferences()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);
        Assert.Equal(0, (await env.RunAsync("monitors", "apply")).ExitCode);

        var export = await env.RunAsync("monitors", "export", "-o", "exported.yaml");
        var exported = File.ReadAllText(Path.Combine(env.Directory, "exported.yaml"));
        var missingSecrets = await env.RunAsync("monitors", "apply", "-f", "exported.yaml", "--prune");
        var roundTrip = await env.RunAsync(new Dictionary<string, string>
        {
            ["STOCKBEAT_SECRET_OPS_SLACK_URL"] = SlackUrl,
            ["STOCKBEAT_SECRET_SHOP_HOOK_HEADERS_AUTHORIZATION"] = "Bearer " + ShopToken,
            ["STOCKBEAT_SECRET_POLICY_STOREFRONT_STEP2_HEADERS_X_TOKEN"] = ShopToken,
        }, "monitors", "apply", "-f", "exported.yaml", "--prune");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.DoesNotContain(SlackUrl, exported, StringComparison.Ordinal);
        Assert.DoesNotContain(ShopToken, exported, StringComparison.Ordinal);
        Assert.Contains("url: ${STOCKBEAT_SECRET_OPS_SLACK_URL}", exported, StringComparison.Ordinal);
        Assert.Contains("STOCKBEAT_SECRET_SHOP_HOOK_HEADERS_AUTHORIZATION", export.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missingSecrets.ExitCode);
        Assert.Contains("exported.yaml:", missingSecrets.Stderr, StringComparison.Ordinal);
        Assert.Contains("channel 'ops-slack': config.url: environment variable STOCKBEAT_SECRET_OPS_SLACK_URL is not set", missingSecrets.Stderr, StringComparison.Ordinal);
        Assert.True(roundTrip.ExitCode == 0, roundTrip.ToString());
        Assert.Contains("No changes: the server already matches exported.yaml.", roundTrip.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_NamesFileObjectAndFieldAndChangesNothing_WhenFileIsWrong()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("unknown.yaml", "monitors:\n  - slug: erp-to-ebay\n    grase: 5m\n  - slug: pos-to-web\n    timeout: 5x\n");
        env.WriteFile("broken.yaml", "monitors: [\n  - slug: a\n");

        var unknown = await env.RunAsync("monitors", "apply", "-f", "unknown.yaml");
        var broken = await env.RunAsync("monitors", "apply", "-f", "broken.yaml");
        var missing = await env.RunAsync("monitors", "apply", "-f", "nope.yaml");
        env.WriteFile("empty.yaml", "version: 1\n");
        var pruneAll = await env.RunAsync("monitors", "apply", "-f", "empty.yaml", "--prune");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown.yaml:3:5: monitor 'erp-to-ebay': grase: unknown field", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown.yaml:5:14: monitor 'pos-to-web': timeout: must be a duration", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken.yaml:", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.yaml: cannot read the file", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, pruneAll.ExitCode);
        Assert.Contains("empty.yaml: declares nothing, so --prune would delete everything on the server; refusing", pruneAll.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", unknown.Stderr + broken.Stderr + missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await env.GetAsync("api/v3/checks/")).GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task Monitors_FailsWithClearMessage_WhenApiKeyIsWrongOrServerIsDown()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);

        var wrongKey = await env.RunAsync("monitors", "apply", "--api-key", "not-a-real-key");
        var readOnly = await env.RunAsync("monitors", "apply", "--api-key", env.ReadOnlyKey);
        var noServer = await env.RunAsync("monitors", "list", "--url", "http://127.0.0.1:9");

        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("refused the API key (wrong api key)", wrongKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, readOnly.ExitCode);
        Assert.Contains("read-write", readOnly.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noServer.ExitCode);
        Assert.Contains("cannot reach the Stockbeat server at http://127.0.0.1:9", noServer.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", wrongKey.Stderr + readOnly.Stderr + noServer.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndGet_ShowMonitors_AsTableAndJson()
    {
        await using var env = await CliEnvironment.StartAsync();
        env.WriteFile("stockbeat.yaml", Setup);
        Assert.Equal(0, (await env.RunAsync("monitors", "apply")).ExitCode);

        var list = await env.RunAsync("monitors", "list");
        var readOnly = await env.RunAsync("monitors", "list", "--api-key", env.ReadOnlyKey, "--tag", "amazon");
        var get = await env.RunAsync("monitors", "get", "erp-to-amazon", "--json");
        var unknown = await env.RunAsync("monitors", "get", "no-such-monitor");
        var unknownUuid = await env.RunAsync("monitors", "get", "5f1c2c7e-8d1a-4c0e-9f7e-2d6b3c1a0e55");

        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains("SCHEDULE", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Supplier to ERP\s+supplier-to-erp\s+new\s+0 2 \* \* \* \(Europe/Berlin\)\s+never$", lines[1]);
        Assert.Matches(@"^ERP → Amazon\s+erp-to-amazon\s+new\s+every 15m\s+never$", lines[2]);
        Assert.True(readOnly.ExitCode == 0, readOnly.ToString());
        Assert.Equal(2, readOnly.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("erp-to-amazon", readOnly.Stdout, StringComparison.Ordinal);
        Assert.True(get.ExitCode == 0, get.ToString());
        using var json = JsonDocument.Parse(get.Stdout);
        Assert.Equal("erp-to-amazon", json.RootElement.GetProperty("slug").GetString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no monitor with slug 'no-such-monitor'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownUuid.ExitCode);
        Assert.Contains("no monitor with uuid 5f1c2c7e-8d1a-4c0e-9f7e-2d6b3c1a0e55 in this project", unknownUuid.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A real server on loopback, a working folder, and the CLI pointed at both.</summary>
    private sealed class CliEnvironment : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly TempDirectory _work;
        private readonly ServeProcess _server;

        private CliEnvironment(TempDirectory data, TempDirectory work, ServeProcess server, string apiKey, string readOnlyKey)
        {
            _data = data;
            _work = work;
            _server = server;
            ApiKey = apiKey;
            ReadOnlyKey = readOnlyKey;
            Api = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
            Api.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        public string ApiKey { get; }

        public string ReadOnlyKey { get; }

        public HttpClient Api { get; }

        public string Directory => _work.Path;

        public static async Task<CliEnvironment> StartAsync()
        {
            var data = new TempDirectory();
            var server = ServeProcess.Start(data.Path);
            await server.WaitUntilReadyAsync();
            return new CliEnvironment(
                data, new TempDirectory(), server, server.PrintedKey("API key (read-write)")!, server.PrintedKey("API key (read-only)")!);
        }

        public void WriteFile(string name, string text) => File.WriteAllText(Path.Combine(Directory, name), text);

        public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

        /// <summary>Runs the CLI with the server's URL and key in the environment, as a CI job sets them.</summary>
        public Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] arguments)
        {
            environment["STOCKBEAT_URL"] = _server.Url;
            environment["STOCKBEAT_API_KEY"] = ApiKey;
            environment["SLACK_URL"] = SlackUrl;
            environment["SHOP_TOKEN"] = ShopToken;
            return CliProcess.ExecInAsync(Directory, environment, arguments);
        }

        public async Task<JsonElement> GetAsync(string path) => await Api.GetFromJsonAsync<JsonElement>(path, Ct);

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            await _server.DisposeAsync();
            _work.Dispose();
            _data.Dispose();
        }
    }
}
