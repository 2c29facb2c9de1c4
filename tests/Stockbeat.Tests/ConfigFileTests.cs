using Stockbeat.Monitors;

namespace Stockbeat.Tests;

/// <summary>Reading and writing <c>stockbeat.yaml</c>: defaults, errors that name where, and the round trip.</summary>
public sealed class ConfigFileTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["SLACK_URL"] = "https://hooks.slack.com/services/T/B/x" };

    private static Declarations Parse(string yaml) => ConfigFileReader.Parse(yaml, "stockbeat.yaml", Environment.GetValueOrDefault);

    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ConfigFileException>(() => Parse(yaml)).Errors;

    [Fact]
    public void Parse_AppliesServerDefaults_WhenFieldsAreLeftOut()
    {
        var monitors = Parse("""
            monitors:
              - slug: plain
              - slug: fast-mover
                velocity: fast
              - slug: nightly
                schedule: "0 2 * * *"
                grace: 2h
            """).Monitors;

        Assert.Equal(("plain", 86_400L, 3_600L, 3_600L), (monitors[0].Name, monitors[0].Timeout!.Value, monitors[0].Grace, monitors[0].MaxRuntime));
        Assert.Equal((900L, 900L), (monitors[1].Grace, monitors[1].MaxRuntime));
        Assert.Equal((null, "UTC", 7_200L), (monitors[2].Timeout, monitors[2].Tz, monitors[2].MaxRuntime));
    }

    [Fact]
    public void Parse_AcceptsTagsAsListOrText_AndDurationsInEveryForm()
    {
        var monitors = Parse("""
            monitors:
              - slug: a
                tags: [erp, amazon]
                timeout: 900
                grace: 1h30m
              - slug: b
                tags: erp amazon
                timeout: 15m
                grace: "5400"
            """).Monitors;

        Assert.Equal(monitors[0].Fields(), monitors[1].Fields().Select(f => f.Name == "name" ? f with { Value = "a" } : f));
    }

    [Fact]
    public void Parse_ExpandsEnvironmentVariables_AndKeepsEscapedReferences()
    {
        var channels = Parse("""
            channels:
              - name: ops-slack
                kind: slack
                config:
                  url: ${SLACK_URL}
              - name: hook
                kind: webhook
                config:
                  url: https://example.com/hook
                  body: "literal $${NOT_EXPANDED}"
            """).Channels;

        Assert.Equal("https://hooks.slack.com/services/T/B/x", channels[0].Config["url"]!.ToString());
        Assert.Equal("literal ${NOT_EXPANDED}", channels[1].Config["body"]!.ToString());
        Assert.Equal("POST", channels[1].Config["method"]!.ToString());
    }

    [Theory]
    [InlineData("monitors:\n  - slug: a\n    grase: 5m\n", "stockbeat.yaml:3:5: monitor 'a': grase: unknown field (expected one of: slug, name,")]
    [InlineData("monitors:\n  - name: no slug\n", "stockbeat.yaml:2:5: monitor: slug: is required")]
    [InlineData("monitors:\n  - slug: a\n    timeout: 5m\n    schedule: '* * * * *'\n", "monitor 'a': timeout: give either timeout or schedule, not both")]
    [InlineData("monitors:\n  - slug: a\n    schedule: '61 * * * *'\n", "stockbeat.yaml:3:15: monitor 'a': schedule: '61 * * * *' is not a 5-field cron expression")]
    [InlineData("monitors:\n  - slug: a\n    schedule: '0 2 * * *'\n    tz: Mars/Olympus\n", "monitor 'a': tz: 'Mars/Olympus' is not an IANA time zone id")]
    [InlineData("monitors:\n  - slug: a\n    grace: 30s\n", "monitor 'a': grace: must be a duration from 1m to 365d")]
    [InlineData("monitors:\n  - slug: a\n    platform: etsy\n", "monitor 'a': platform: must be one of shopify-rest,")]
    [InlineData("monitors:\n  - slug: a\n    depends_on: [a]\n", "monitor 'a': depends_on: a monitor cannot depend on itself")]
    [InlineData("monitors:\n  - slug: a\n    rules:\n      failure_rate: 2\n", "stockbeat.yaml:4:21: monitor 'a': rules.failure_rate: failure_rate must be false or a number from 0 to 1")]
    [InlineData("monitors:\n  - slug: a\n    rules:\n      too_slow: false\n", "monitor 'a': rules.too_slow: too_slow is not a rule; known rules:")]
    [InlineData("monitors:\n  - slug: a\n    rules:\n      too_fast: 3\n", "monitor 'a': rules.too_fast: too_fast can only be switched off (false)")]
    [InlineData("monitors:\n  - slug: a\n    rules:\n      backlog_growth: lots\n", "monitor 'a': rules.backlog_growth: must be a number or false (got 'lots')")]
    [InlineData("monitors:\n  - slug: a\n    rules: [failure_rate]\n", "monitor 'a': rules: must be a mapping such as")]
    [InlineData("monitors:\n  - slug: a\n  - slug: a\n", "stockbeat.yaml:3:11: monitor 'a': is declared twice (first at stockbeat.yaml:2:5)")]
    [InlineData("channels:\n  - name: s\n    kind: slack\n    config:\n      url: ${UNSET_VAR}\n", "stockbeat.yaml:5:12: channel 's': config.url: environment variable UNSET_VAR is not set")]
    [InlineData("channels:\n  - name: s\n    kind: slack\n    config:\n      url: not-a-url\n", "channel 's': config.url must be an absolute http or https URL")]
    [InlineData("channels:\n  - name: s\n    kind: carrier-pigeon\n    config: {}\n", "channel 's': kind: must be one of")]
    [InlineData("policies:\n  - name: p\n    steps:\n      - after: 5m\n", "policy 'p' steps[0]: channels: the step notifies nobody")]
    [InlineData("policies:\n  - name: p\n    steps: []\n", "policy 'p': steps: must list 1 to 20 steps")]
    [InlineData("maintenance:\n  - name: w\n    tags: [erp]\n", "maintenance window 'w': schedule: give start and end, or schedule (with tz) and duration")]
    [InlineData("maintenance:\n  - name: w\n    start: 2026-12-05T22:00:00Z\n    end: 2026-12-05T21:00:00Z\n    tags: [erp]\n", "maintenance window 'w': end: a one-off window needs start and end, with end after start")]
    [InlineData("monitors: [\n", "stockbeat.yaml:2:1: not valid YAML")]
    [InlineData("- just a list\n", "stockbeat.yaml: expected a mapping with monitors, channels, policies and maintenance")]
    [InlineData("monitor:\n  - slug: a\n", "stockbeat.yaml:1:1: file: monitor: unknown field (expected one of: version, channels, policies, monitors, maintenance)")]
    public void Parse_NamesFileLineObjectAndField_WhenFileIsWrong(string yaml, string expected)
    {
        var errors = Errors(yaml);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReportsEveryProblem_NotJustTheFirst()
    {
        var errors = Errors("monitors:\n  - slug: a\n    grase: 5m\n  - slug: b\n    timeout: never\n");

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Write_ProducesFileThatReadsBackToSameDeclarations_WithSecretsAsReferences()
    {
        var original = Parse("""
            channels:
              - name: ops-slack
                kind: slack
                config:
                  url: ${SLACK_URL}
              - name: "123"
                kind: email
                config:
                  to: [ops@example.com]
                  subject_prefix: "true"
            policies:
              - name: Storefront
                default: true
                repeat_every: 30m
                steps:
                  - after: 0
                    channels: [ops-slack]
                  - after: 15m
                    kinds: [email]
                    message: "null"
                    action:
                      url: https://shop.example.com/banner?feed=$SLUG
                      body: "literal $${X}"
                      headers: {X-Token: "${SLACK_URL}"}
                      undo: {url: https://shop.example.com/clear}
            monitors:
              - slug: erp-to-amazon
                name: "ERP → Amazon: 15 min"
                desc: "Line one\nline two"
                tags: [erp, amazon]
                timeout: 15m
                velocity: fast
                max_runtime: 20m
                manual_resume: true
                methods: POST
                channels: [ops-slack, "123"]
                policy: Storefront
                platform: ebay
                sku_count: 5200
                source: erp
                destination: ebay
                kind: feed
                error_threshold: 2%
                min_runtime: 2m
            maintenance:
              - name: Upgrade
                monitors: [erp-to-amazon]
                start: 2026-12-05T22:00:00+01:00
                end: 2026-12-06T04:00:00+01:00
            """);

        var (yaml, secrets) = ConfigFileWriter.Write(original);
        var environment = secrets.ToDictionary(s => s.Variable, s => s.Value);
        var back = ConfigFileReader.Parse(yaml, "exported.yaml", environment.GetValueOrDefault);

        Assert.DoesNotContain("hooks.slack.com", yaml, StringComparison.Ordinal);
        Assert.Equal(
            ["STOCKBEAT_SECRET_OPS_SLACK_URL", "STOCKBEAT_SECRET_POLICY_STOREFRONT_STEP2_HEADERS_X_TOKEN"],
            secrets.Select(s => s.Variable));
        Assert.True(ConfigDiff.Compute(back, original, prune: true).IsEmpty, yaml);
        Assert.Equal("literal ${X}", back.Policies[0].Steps[1].Action!["body"]!.ToString());
    }
}
