using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Runs;
using Stockbeat.Core.Schedules;
using Stockbeat.Server.Features.Checks;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>
/// The create/edit form of a monitor, as the text the user typed. It turns into the same JSON the v3 API takes, so the
/// form and the API share one validation (<see cref="CheckSpec.Parse"/>) and one way of applying changes.
/// </summary>
internal sealed record MonitorForm
{
    public string Name { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Tags { get; init; } = "";
    public string Description { get; init; } = "";
    public string Kind { get; init; } = "simple";
    public string PeriodMinutes { get; init; } = "60";
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string GraceMinutes { get; init; } = "";
    public string MaxRuntimeMinutes { get; init; } = "";
    public string Velocity { get; init; } = "";
    public string Policy { get; init; } = "";
    public string Platform { get; init; } = "";
    public string SkuCount { get; init; } = "";
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>The error threshold as a percentage; empty: the default.</summary>
    public string ErrorThresholdPercent { get; init; } = "";
    public string MinRuntimeMinutes { get; init; } = "";
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";

    /// <summary>What kind of job (sync or feed); not <see cref="Kind"/>, which is the kind of schedule.</summary>
    public string JobKind { get; init; } = JobKinds.Sync;

    /// <summary>The uuids of the monitors this one depends on.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>More upstream monitors as typed, by slug or uuid: the form of a project too large to list them.</summary>
    public string DependsOnMore { get; init; } = "";

    public static MonitorForm From(Check check, IEnumerable<Guid> channels, Guid? policy, IEnumerable<Guid> dependsOn) => new()
    {
        Name = check.Name,
        Slug = check.Slug,
        Tags = check.Tags,
        Description = check.Description,
        Kind = check.Schedule is CronSchedule ? "cron" : "simple",
        PeriodMinutes = check.Schedule is SimpleSchedule s ? Minutes(s.Period) : "60",
        Cron = (check.Schedule as CronSchedule)?.Expression ?? "",
        TimeZone = (check.Schedule as CronSchedule)?.TimeZone ?? "UTC",
        GraceMinutes = Minutes(check.Grace),
        MaxRuntimeMinutes = check.MaxRuntime is { } max ? Minutes(max) : "",
        Velocity = check.Velocity ?? "",
        Policy = policy?.ToString() ?? "",
        Platform = check.Platform ?? "",
        SkuCount = check.SkuCount?.ToString(CultureInfo.InvariantCulture) ?? "",
        Channels = [.. channels.Select(c => c.ToString())],
        ErrorThresholdPercent = check.ErrorThreshold is { } threshold ? (threshold * 100).ToString("0.###", CultureInfo.InvariantCulture) : "",
        MinRuntimeMinutes = check.MinRuntime is { } min ? Minutes(min) : "",
        Source = check.Source ?? "",
        Destination = check.Destination ?? "",
        JobKind = check.JobKind,
        DependsOn = [.. dependsOn.Select(d => d.ToString())],
    };

    public static MonitorForm From(IFormCollection form) => new()
    {
        Name = form["name"].ToString().Trim(),
        Slug = form["slug"].ToString().Trim(),
        Tags = form["tags"].ToString().Trim(),
        Description = form["desc"].ToString(),
        Kind = form["kind"] == "cron" ? "cron" : "simple",
        PeriodMinutes = form["period_minutes"].ToString().Trim(),
        Cron = form["cron"].ToString().Trim(),
        TimeZone = form["tz"].ToString().Trim() is { Length: > 0 } tz ? tz : "UTC",
        GraceMinutes = form["grace_minutes"].ToString().Trim(),
        MaxRuntimeMinutes = form["max_runtime_minutes"].ToString().Trim(),
        Velocity = form["velocity"].ToString(),
        Policy = form["policy"].ToString(),
        Platform = form["platform"].ToString(),
        SkuCount = form["sku_count"].ToString().Trim(),
        Channels = [.. form["channels"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)],
        ErrorThresholdPercent = form["error_threshold_percent"].ToString().Trim().TrimEnd('%').Trim(),
        MinRuntimeMinutes = form["min_runtime_minutes"].ToString().Trim(),
        Source = form["source"].ToString().Trim(),
        Destination = form["destination"].ToString().Trim(),
        JobKind = form["job_kind"].ToString() is { Length: > 0 } job ? job : JobKinds.Sync,
        DependsOn = [.. form["depends_on"].Where(d => !string.IsNullOrEmpty(d)).Select(d => d!)],
        DependsOnMore = form["depends_on_more"].ToString().Trim(),
    };

    /// <summary>The request as v3 API fields, or the first problem in words.</summary>
    /// <param name="creating">Whether this makes a new monitor: empty fields then leave the API's defaults.</param>
    /// <param name="currentErrorThreshold">The edited monitor's own error threshold, if it has one.</param>
    public (CheckSpec? Spec, string? Error) ToSpec(bool creating, double? currentErrorThreshold = null)
    {
        if (Name.Length == 0)
        {
            return (null, "Give the monitor a name, e.g. \"erp → website\".");
        }

        var json = new JsonObject
        {
            ["name"] = Name,
            ["tags"] = Tags,
            ["desc"] = Description,
            ["velocity"] = Velocity,
            ["policy"] = Policy,
            ["platform"] = Platform,
            ["channels"] = string.Join(',', Channels),
            ["source"] = Source,
            ["destination"] = Destination,
            ["kind"] = JobKind,
            ["depends_on"] = new JsonArray([.. DependsOn.Select(d => (JsonNode?)JsonValue.Create(d))]),
        };
        if (Slug.Length > 0 || !creating)
        {
            json["slug"] = Slug;
        }

        if (Kind == "cron")
        {
            json["schedule"] = Cron;
            json["tz"] = TimeZone;
        }
        else if (MinutesToSeconds(PeriodMinutes, "Period", out var period) is { } problem)
        {
            return (null, problem);
        }
        else
        {
            json["timeout"] = period;
        }

        foreach (var (field, label, text) in new[] { ("grace", "Grace", GraceMinutes), ("max_runtime", "Max runtime", MaxRuntimeMinutes) })
        {
            if (text.Length == 0)
            {
                continue;
            }

            if (MinutesToSeconds(text, label, out var seconds) is { } problem)
            {
                return (null, problem);
            }

            json[field] = seconds;
        }

        if (SkuCount.Length > 0)
        {
            if (!long.TryParse(SkuCount, NumberStyles.None, CultureInfo.InvariantCulture, out var skus))
            {
                return (null, "SKU count must be a whole number.");
            }

            json["sku_count"] = skus;
        }
        else
        {
            // An emptied field clears the count.
            json["sku_count"] = null;
        }

        if (ErrorThresholdPercent.Length > 0)
        {
            if (!double.TryParse(ErrorThresholdPercent, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
            {
                return (null, "Error threshold must be a percentage, e.g. 5 or 0.5.");
            }

            json["error_threshold"] = Math.Round(percent / 100, 6);
        }
        else if (!creating && currentErrorThreshold is not null)
        {
            // The API keeps a threshold it is not given: an emptied field says so with null.
            json["error_threshold"] = null;
        }

        if (MinRuntimeMinutes.Length > 0)
        {
            if (!double.TryParse(MinRuntimeMinutes, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes)
                || double.IsNaN(minutes) || Math.Abs(minutes) > 1e9)
            {
                return (null, "Min runtime must be a number of minutes, e.g. 2 or 0.5.");
            }

            json["min_runtime"] = (long)Math.Round(minutes * 60);
        }
        else if (!creating)
        {
            json["min_runtime"] = 0; // 0 clears it
        }

        var spec = CheckSpec.Parse(JsonSerializer.SerializeToElement(json), out var error);
        return spec is null ? (null, Readable(error!)) : (spec, null);
    }

    /// <summary>The form; <paramref name="action"/> is where it posts.</summary>
    /// <param name="upstream">The monitors this one may depend on: the project's others, or as many as fit a list.</param>
    public Markup Render(
        HttpContext context, string action, string submit, IReadOnlyList<PolicyRecord> policies, IReadOnlyList<ChannelRecord> channels,
        DependencyChoices upstream, Markup preview, string? error)
    {
        var jobKindOptions = JobKinds.All.Select(k => H($"<option{If(JobKind == k, $" selected")}>{k}</option>"));
        var policyOptions = policies.Select(p => H($"<option value=\"{p.Uuid}\"{If(Policy == p.Uuid.ToString(), $" selected")}>{p.Name}{(p.IsDefault ? " (default)" : "")}</option>"));
        var platformOptions = PlatformProfile.BuiltIn.Select(p => H($"<option value=\"{p.Id}\"{If(Platform == p.Id, $" selected")}>{p.Name}</option>"));
        var velocityOptions = Core.Checks.Velocity.Names.Select(v => H($"<option{If(Velocity == v, $" selected")}>{v}</option>"));
        var channelBoxes = channels.Count == 0
            ? H($"<p class=\"muted\">No channels yet. <a href=\"/settings/channels\">Add one</a>.</p>")
            : H($"<div class=\"checks\">{channels.Select(c => H($"<label class=\"check\"><input type=\"checkbox\" name=\"channels\" value=\"{c.Uuid}\"{If(Channels.Contains(c.Uuid.ToString()), $" checked")}> {c.Name} <small>{c.Kind}</small></label>"))}</div>");
        return H($"""
            <form method="post" action="{action}" class="monitor-form" data-preview="/fragments/next-expected">
              {Page.Csrf(context)}
              {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
              <div class="grid2">
                <label>Name <input name="name" value="{Name}" required maxlength="100" placeholder="erp → website"></label>
                <label>Slug <small>for /ping/&lt;ping-key&gt;/&lt;slug&gt;; empty: from the name</small><input name="slug" value="{Slug}" maxlength="100" pattern="[a-z0-9_\-]*"></label>
                <label>Tags <small>space-separated</small><input name="tags" value="{Tags}" maxlength="500" placeholder="shopify prod"></label>
                <label>Velocity <small>sets the default grace</small><select name="velocity"><option value="">—</option>{velocityOptions}</select></label>
              </div>
              <fieldset>
                <legend>Schedule</legend>
                <div class="grid2">
                  <label class="check"><input type="radio" name="kind" value="simple"{If(Kind == "simple", $" checked")}> Every</label>
                  <label>Period in minutes <input name="period_minutes" value="{PeriodMinutes}" inputmode="numeric"></label>
                  <label class="check"><input type="radio" name="kind" value="cron"{If(Kind == "cron", $" checked")}> Cron</label>
                  <div class="grid2 tight">
                    <label>Cron expression <input name="cron" value="{Cron}" placeholder="*/15 * * * *"></label>
                    <label>Time zone <input name="tz" value="{TimeZone}" placeholder="Europe/Berlin"></label>
                  </div>
                </div>
                <div class="grid2">
                  <label>Grace in minutes <small>empty: the velocity's grace</small><input name="grace_minutes" value="{GraceMinutes}" inputmode="numeric"></label>
                  <label>Max runtime in minutes <small>empty: the grace</small><input name="max_runtime_minutes" value="{MaxRuntimeMinutes}" inputmode="numeric"></label>
                </div>
                <p class="preview" id="next-expected" aria-live="polite">{preview}</p>
              </fieldset>
              <fieldset>
                <legend>Sync</legend>
                <div class="grid2">
                  <label>Source <small>empty: read from the name</small><input name="source" value="{Source}" maxlength="100" placeholder="erp"></label>
                  <label>Destination <small>empty: read from the name</small><input name="destination" value="{Destination}" maxlength="100" placeholder="website"></label>
                  <label>Job kind <small>feed: a run may last as long as the marketplace takes to process it</small><select name="job_kind">{jobKindOptions}</select></label>
                  <label>Error threshold in % <small>a run failing more SKUs fails; empty: 5</small><input name="error_threshold_percent" value="{ErrorThresholdPercent}" inputmode="decimal" placeholder="5"></label>
                  <label>Min runtime in minutes <small>a faster run probably skipped work; empty: none</small><input name="min_runtime_minutes" value="{MinRuntimeMinutes}" inputmode="decimal"></label>
                </div>
                <label>Depends on <small id="depends-help">while an upstream monitor has an open incident, this one's incident joins it and pages nobody (Ctrl/⌘-click for several)</small>{Dependencies(upstream)}</label>
              </fieldset>
              <fieldset>
                <legend>Alerting</legend>
                <label>Escalation policy <select name="policy"><option value="">project default</option>{policyOptions}</select></label>
                <div>Channels {channelBoxes}</div>
              </fieldset>
              <fieldset>
                <legend>Capacity</legend>
                <div class="grid2">
                  <label>Platform <select name="platform"><option value="">—</option>{platformOptions}</select></label>
                  <label>SKU count <input name="sku_count" value="{SkuCount}" inputmode="numeric"></label>
                </div>
              </fieldset>
              <label>Description <textarea name="desc" rows="3" maxlength="10000">{Description}</textarea></label>
              <button type="submit" class="button primary">{submit}</button>
            </form>
            """);
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? MinutesToSeconds(string text, string label, out long seconds)
    {
        seconds = 0;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes) || minutes > 525_600)
        {
            return $"{label} must be a number of minutes (at most a year).";
        }

        seconds = (long)Math.Round(minutes * 60);
        return seconds < CheckSpec.MinSeconds ? $"{label} must be at least 1 minute." : null;
    }

    // A list of the monitors to choose from; in a project too large to list, the chosen ones and a field to name more.
    private Markup Dependencies(DependencyChoices upstream)
    {
        var options = upstream.Monitors.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => H($"<option value=\"{m.Uuid}\"{If(DependsOn.Contains(m.Uuid.ToString()), $" selected")}>{m.Name}</option>"));
        var list = H($"<select name=\"depends_on\" multiple size=\"{Math.Clamp(upstream.Monitors.Count, 2, 8)}\" aria-describedby=\"depends-help\">{options}</select>");
        if (upstream.All)
        {
            return upstream.Monitors.Count == 0 ? H($"<p class=\"muted\">No other monitors to depend on yet.</p>") : list;
        }

        return H($"""
            {If(upstream.Monitors.Count > 0, $"{list}")}
            <input name="depends_on_more" value="{DependsOnMore}" maxlength="10000" placeholder="supplier-erp" aria-label="More upstream monitors by slug or uuid" aria-describedby="depends-more-help">
            <small id="depends-more-help">Too many monitors to list: name more by slug or uuid, separated by spaces or commas.</small>
            """);
    }

    /// <summary>An API validation message in the form's words: "json validation error: tz is not a valid timezone" reads "Time zone is not a valid timezone."</summary>
    public static string Readable(string error)
    {
        var text = error.Replace("json validation error: ", "", StringComparison.Ordinal)
            .Replace("error_threshold must be a fraction from 0 to 1 (0.05 is 5%), or null for the default", "error_threshold must be a percentage from 0 to 100", StringComparison.Ordinal)
            .Replace($"min_runtime must be a whole number of seconds from 0 to {CheckSpec.MaxSeconds}", "min_runtime must be from 0 minutes to a year", StringComparison.Ordinal);
        foreach (var (field, label) in new[] { ("schedule", "Cron expression"), ("tz", "Time zone"), ("slug", "Slug"), ("name", "Name"), ("tags", "Tags"), ("sku_count", "SKU count"), ("policy", "Policy"), ("platform", "Platform"),
            ("error_threshold", "Error threshold"), ("min_runtime", "Min runtime"), ("source", "Source"), ("destination", "Destination"),
            ("kind", "Job kind"), ("depends_on", "Depends on") })
        {
            if (text.StartsWith(field + " ", StringComparison.Ordinal))
            {
                text = label + text[field.Length..];
                break;
            }
        }

        return text.EndsWith('.') ? text : text + ".";
    }
}
