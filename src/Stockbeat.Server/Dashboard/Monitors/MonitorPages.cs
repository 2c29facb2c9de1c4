using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Schedules;
using Stockbeat.Server.Api;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Features.Checks;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>A monitor's page, its create and edit forms, pause, resume and delete.</summary>
internal static class MonitorPages
{
    private const int ChartRuns = 60;
    private const int EventRows = 25;
    // A report may carry 64 metrics; past a dozen charts the page stops being readable.
    private const int MetricCharts = 12;
    private const int InsightRows = 10;
    private const int RunRows = 15;

    public static void MapMonitorPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/monitors/{uuid:guid}", PageAsync);
        routes.MapGet("/fragments/next-expected", PreviewAsync);
    }

    public static void MapMonitorActions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/monitors/new", NewFormAsync);
        routes.MapPost("/monitors/new", CreateAsync);
        routes.MapPost("/monitors/{uuid:guid}", UpdateAsync);
        routes.MapPost("/monitors/{uuid:guid}/pause", PauseAsync);
        routes.MapPost("/monitors/{uuid:guid}/resume", ResumeAsync);
        routes.MapGet("/monitors/{uuid:guid}/delete", ConfirmDeleteAsync);
        routes.MapPost("/monitors/{uuid:guid}/delete", DeleteAsync);
    }

    private static async Task<IResult> PageAsync(
        Guid uuid, HttpContext context, IStore store, RunHistory history, TimeProvider time, IOptions<StockbeatOptions> options)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if (await FindAsync(store, projectId, uuid, ct) is not { } check)
        {
            return NotFound(context);
        }

        var now = time.GetUtcNow();
        var word = StatusView.Word(check, now);
        var recent = await history.RecentAsync(check, ChartRuns, ct);
        var runs = recent.Finished;
        var report = recent.LastReport;
        var metrics = Charts.ReportedMetrics(runs, MetricCharts);
        var pings = await store.ListPingsAsync(check.Id, Math.Min(EventRows, options.Value.Ping.KeepPings), ct);
        var incidents = await store.ListIncidentsAsync(check.Id, ct);
        var insights = await store.ListInsightsAsync(check.Id, InsightRows, ct);
        IReadOnlyList<Stockbeat.Core.Runs.Run> recentRuns = [.. recent.NewestFirst.Take(RunRows)];
        var policies = await store.ListPoliciesAsync(projectId, ct);
        var open = incidents.FirstOrDefault(i => i.State == "open");
        var baseUrl = context.BaseUrl();
        var pingUrl = $"{baseUrl}/ping/{check.Uuid}";
        var admin = context.IsAdmin();
        var editForm = admin ? await EditFormAsync(context, store, projectId, check, null, now) : Markup.Empty;
        var edit = If(admin, $"<section class=\"card\" id=\"edit\"><h2>Edit</h2>{editForm}</section>");
        var actions = admin
            ? H($"""
                {(check.Status == CheckStatus.Paused
                    ? Page.Button(context, $"/monitors/{check.Uuid}/resume", "Resume")
                    : Page.Button(context, $"/monitors/{check.Uuid}/pause", "Pause"))}
                <a class="button" href="#edit">Edit</a>
                <a class="button danger" href="/monitors/{check.Uuid}/delete">Delete…</a>
                """)
            : Markup.Empty;
        var body = H($"""
            <nav class="crumbs"><a href="/">Overview</a> › {check.Name}</nav>
            <div class="page-head">
              <h1>{check.Name} {StatusView.Badge(word)}</h1>
              <div class="actions">{actions}</div>
            </div>
            {If(check.Description.Length > 0, $"<p class=\"desc\">{check.Description}</p>")}
            {If(open is not null, $"<p class=\"alert\" role=\"status\">Open {StatusView.Incident(open!)}</p>")}
            <section class="facts card">{Facts(check, now, policies)}</section>
            {If(report is not null, $"<section class=\"card\"><h2>Last run report</h2>{Report(report!, check.EffectiveErrorThreshold, now)}</section>")}
            <section class="card">
              <h2>Run durations</h2>
              {Charts.Durations(runs, check.EffectiveMaxRuntime)}
            </section>
            {If(metrics.Count > 0, $"<section class=\"card\" id=\"metrics\"><h2>Reported metrics</h2><div class=\"metric-charts\">{metrics.Select(m => Charts.Metric(m, runs))}</div></section>")}
            <section class="card">
              <h2>Insights</h2>
              {InsightList(insights)}
            </section>
            <section class="card">
              <h2>Runs</h2>
              {RunTable(recentRuns)}
            </section>
            <section class="card">
              <h2>Ping URLs</h2>
              <dl class="urls">
                <dt>Success</dt><dd><code>{pingUrl}</code></dd>
                <dt>Start · fail · exit status · log</dt><dd><code>{pingUrl}/start</code> <code>{pingUrl}/fail</code> <code>{pingUrl}/&lt;0-255&gt;</code> <code>{pingUrl}/log</code></dd>
                {If(check.Slug.Length > 0, $"<dt>By slug</dt><dd><code>{baseUrl}/ping/&lt;ping-key&gt;/{check.Slug}</code></dd>")}
              </dl>
              {Snippets.For(pingUrl, baseUrl, check.Slug)}
            </section>
            <section class="card">
              <h2>Events</h2>
              {Events(pings, now)}
            </section>
            <section class="card">
              <h2>Incidents</h2>
              {IncidentList(incidents)}
            </section>
            {edit}
            """);
        return Page.Render(context, check.Name, "overview", body);
    }

    private static async Task<IResult> NewFormAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        return await FormPageAsync(context, store, projectId, new MonitorForm(), null, time.GetUtcNow(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var (form, typedError) = await ReadFormAsync(context, store, projectId);
        var now = time.GetUtcNow();
        var (spec, error) = typedError is null ? form.ToSpec(creating: true) : (null, typedError);
        var links = spec is null ? null : await CheckLinks.ResolveAsync(spec, projectId, store, ct);
        if (spec is null || links!.Error is not null)
        {
            return await FormPageAsync(context, store, projectId, form, error ?? MonitorForm.Readable(links!.Error!), now, StatusCodes.Status400BadRequest);
        }

        var check = links.Apply(spec.ApplyTo(new Check { Uuid = Guid.NewGuid(), ProjectId = projectId, Created = now }, creating: true));
        check = await store.CreateCheckAsync(check, ct);
        await links.SaveAsync(check.Id, store, ct);
        return Results.Redirect($"/monitors/{check.Uuid}");
    }

    private static async Task<IResult> UpdateAsync(Guid uuid, HttpContext context, IStore store, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if (await FindAsync(store, projectId, uuid, ct) is not { } check)
        {
            return NotFound(context);
        }

        var (form, typedError) = await ReadFormAsync(context, store, projectId);
        var (spec, error) = typedError is null ? form.ToSpec(creating: false, check.ErrorThreshold) : (null, typedError);
        if (spec?.DependsOn?.Contains(uuid) == true)
        {
            (spec, error) = (null, "A monitor cannot depend on itself.");
        }

        var links = spec is null ? null : await CheckLinks.ResolveAsync(spec, projectId, store, ct);
        if (spec is null || links!.Error is not null)
        {
            var editForm = await EditFormAsync(context, store, projectId, check, (form, error ?? MonitorForm.Readable(links!.Error!)), time.GetUtcNow());
            var body = H($"""
                <nav class="crumbs"><a href="/">Overview</a> › <a href="/monitors/{check.Uuid}">{check.Name}</a> › Edit</nav>
                <h1>Edit {check.Name}</h1>
                <section class="card">{editForm}</section>
                """);
            return Page.Render(context, $"Edit {check.Name}", "overview", body, StatusCodes.Status400BadRequest);
        }

        var updated = await store.EditCheckAsync(projectId, uuid, c => new CheckEdit(links.Apply(spec.ApplyTo(c, creating: false))), ct);
        if (updated is null)
        {
            return NotFound(context);
        }

        await links.SaveAsync(updated.Id, store, ct);
        return Results.Redirect($"/monitors/{uuid}");
    }

    private static async Task<IResult> PauseAsync(Guid uuid, HttpContext context, IStore store, TimeProvider time)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var now = time.GetUtcNow();
        var paused = await store.EditCheckAsync(projectId, uuid, c =>
        {
            var (updated, flip) = CheckRules.Pause(c, now);
            return new CheckEdit(updated, flip);
        }, context.RequestAborted);
        return paused is null ? NotFound(context) : Results.Redirect($"/monitors/{uuid}");
    }

    private static async Task<IResult> ResumeAsync(Guid uuid, HttpContext context, IStore store, TimeProvider time)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var now = time.GetUtcNow();
        var resumed = await store.EditCheckAsync(projectId, uuid, c =>
            CheckRules.Resume(c, now) is { } change ? new CheckEdit(change.Check, change.Flip) : CheckEdit.None, context.RequestAborted);
        return resumed is null ? NotFound(context) : Results.Redirect($"/monitors/{uuid}");
    }

    private static async Task<IResult> ConfirmDeleteAsync(Guid uuid, HttpContext context, IStore store)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if (await FindAsync(store, projectId, uuid, context.RequestAborted) is not { } check)
        {
            return NotFound(context);
        }

        var body = H($"""
            <section class="card narrow">
              <h1>Delete {check.Name}?</h1>
              <p>This deletes the monitor with its {check.PingCount} pings, its history and incidents. Jobs that still ping
              <code>/ping/{check.Uuid}</code> will get <code>404 not found</code>. This cannot be undone.</p>
              <div class="actions">
                {Page.Button(context, $"/monitors/{check.Uuid}/delete", "Delete monitor", "button danger")}
                <a class="button" href="/monitors/{check.Uuid}">Cancel</a>
              </div>
            </section>
            """);
        return Page.Render(context, $"Delete {check.Name}", "overview", body);
    }

    private static async Task<IResult> DeleteAsync(Guid uuid, HttpContext context, IStore store)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        return await store.DeleteCheckAsync(projectId, uuid, context.RequestAborted) ? Results.Redirect("/") : NotFound(context);
    }

    /// <summary>The "next expected at" line for the schedule being typed, computed by the same rules the sweep uses.</summary>
    private static async Task<IResult> PreviewAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var query = context.Request.Query;
        Check? check = null;
        if (Guid.TryParse(query["uuid"], out var uuid))
        {
            check = await FindAsync(store, await OverviewEndpoints.ProjectAsync(store, context), uuid, context.RequestAborted);
        }

        var form = new MonitorForm
        {
            Name = "preview",
            Kind = query["kind"] == "cron" ? "cron" : "simple",
            PeriodMinutes = query["period_minutes"].ToString(),
            Cron = query["cron"].ToString(),
            TimeZone = query["tz"].ToString() is { Length: > 0 } tz ? tz : "UTC",
            GraceMinutes = query["grace_minutes"].ToString(),
            Velocity = query["velocity"].ToString(),
        };
        return Page.Fragment(context, Preview(form, check, time.GetUtcNow()));
    }

    private static Markup Preview(MonitorForm form, Check? check, DateTimeOffset now)
    {
        var (spec, error) = form.ToSpec(creating: true);
        if (spec is null)
        {
            return H($"<span class=\"warn\">{error}</span>");
        }

        var planned = spec.ApplyTo(check ?? new Check { Uuid = Guid.Empty, Created = now }, creating: false);
        var from = check?.LastPing;
        var next = planned.Schedule.NextAfter(from ?? now);
        if (next == DateTimeOffset.MaxValue)
        {
            return H($"<span class=\"warn\">This schedule never fires.</span>");
        }

        var basis = from is null ? "if it pinged now" : "after the last ping";
        return H($"Next expected at <b>{Formats.Utc(next)}</b> ({Formats.Ago(next, now)}, {basis}); down if no ping by <b>{Formats.Utc(next + planned.Grace)}</b>.");
    }

    /// <summary>
    /// The posted form, with the upstream monitors typed by slug or uuid (in a project too large to list them) joined
    /// to those chosen from the list; the form as posted and a message when a typed slug names no one monitor.
    /// </summary>
    private static async Task<(MonitorForm Form, string? Error)> ReadFormAsync(HttpContext context, IStore store, long projectId)
    {
        var form = MonitorForm.From(await context.Request.ReadFormAsync(context.RequestAborted));
        var (typed, error) = await DependencyChoices.ResolveAsync(store, projectId, form.DependsOnMore, context.RequestAborted);
        return typed is null ? (form, error) : (form with { DependsOn = [.. form.DependsOn.Union(typed)], DependsOnMore = "" }, null);
    }

    private static async Task<Markup> EditFormAsync(
        HttpContext context, IStore store, long projectId, Check check, (MonitorForm Form, string Error)? failed, DateTimeOffset now)
    {
        var ct = context.RequestAborted;
        var policies = await store.ListPoliciesAsync(projectId, ct);
        var channels = await store.ListChannelsAsync(projectId, ct);
        var assigned = await store.GetChannelsOfCheckAsync(check.Id, ct);
        var policy = policies.FirstOrDefault(p => p.Id == check.PolicyId)?.Uuid;
        var upstream = await store.GetUpstreamOfCheckAsync(check.Id, ct);
        var form = failed?.Form ?? MonitorForm.From(check, assigned, policy, upstream);
        var choices = await DependencyChoices.LoadAsync(store, projectId, except: check.Id, form.DependsOn, ct);
        var markup = form.Render(context, $"/monitors/{check.Uuid}", "Save changes", policies, channels, choices, Preview(form, check, now), failed?.Error);
        return H($"<div data-uuid=\"{check.Uuid}\">{markup}</div>");
    }

    private static async Task<IResult> FormPageAsync(
        HttpContext context, IStore store, long projectId, MonitorForm form, string? error, DateTimeOffset now, int status)
    {
        var ct = context.RequestAborted;
        var policies = await store.ListPoliciesAsync(projectId, ct);
        var channels = await store.ListChannelsAsync(projectId, ct);
        var choices = await DependencyChoices.LoadAsync(store, projectId, except: null, form.DependsOn, ct);
        var body = H($"""
            <nav class="crumbs"><a href="/">Overview</a> › New monitor</nav>
            <h1>New monitor</h1>
            <section class="card">{form.Render(context, "/monitors/new", "Create monitor", policies, channels, choices, Preview(form, null, now), error)}</section>
            """);
        return Page.Render(context, "New monitor", "overview", body, status);
    }

    private static Markup Facts(Check check, DateTimeOffset now, IReadOnlyList<PolicyRecord> policies)
    {
        var next = CheckRules.NextExpected(check);
        var policy = policies.FirstOrDefault(p => p.Id == check.PolicyId) ?? policies.FirstOrDefault(p => p.IsDefault);
        var plan = PlanOf(check, now);
        return H($"""
            <dl class="factlist">
              <div><dt>Schedule</dt><dd>{Formats.Schedule(check.Schedule)}</dd></div>
              <div><dt>Grace</dt><dd>{Formats.Duration(check.Grace)}{(check.Velocity is { } v ? $" ({v} mover)" : "")}</dd></div>
              <div><dt>Max runtime</dt><dd>{Formats.Duration(check.EffectiveMaxRuntime)}</dd></div>
              <div><dt>Last ping</dt><dd title="{Formats.Utc(check.LastPing)}">{Formats.Ago(check.LastPing, now)}</dd></div>
              <div><dt>Last duration</dt><dd>{Formats.Duration(check.LastDuration)}</dd></div>
              <div><dt>Next expected</dt><dd title="{Formats.Utc(next)}">{(next is { } n && n != DateTimeOffset.MaxValue ? Formats.Ago(n, now) : "after the first ping")}</dd></div>
              <div><dt>Escalation</dt><dd>{policy?.Name ?? "default"}</dd></div>
              <div><dt>Pings</dt><dd>{check.PingCount}</dd></div>
            </dl>
            {If(plan is not null, $"<p class=\"{(plan?.Fits == true ? "ok" : "warn")}\">Capacity: {plan?.Message}</p>")}
            """);
    }

    /// <summary>The report's numbers, with the inventory rules of thumb highlighted (see <see cref="LastReport.IsBad"/>).</summary>
    private static Markup Report(LastReport report, double errorThreshold, DateTimeOffset now)
    {
        string Share(double value) => report.Share(value) is { } share ? $" ({share.ToString("0.##", CultureInfo.InvariantCulture)}%)" : "";
        var items = report.Numbers.Select(n => H($"""
            <div><dt>{n.Name.Replace('_', ' ')}</dt><dd class="{(report.IsBad(n.Name, n.Value, errorThreshold) ? "warn" : "")}">{Number(n.Value)}{(n.Name is "errors" or "discrepancies" or "updated" ? Share(n.Value) : "")}</dd></div>
            """));
        return H($"<dl class=\"factlist\">{items}</dl><p class=\"muted\">Reported {Formats.Ago(report.At, now)}.</p>");
    }

    private static CapacityPlan? PlanOf(Check check, DateTimeOffset now)
    {
        if (check.Platform is null || check.SkuCount is not { } skus || PlatformProfile.Find(check.Platform) is not { } platform)
        {
            return null;
        }

        var first = check.Schedule.NextAfter(now);
        var every = check.Schedule is SimpleSchedule simple ? simple.Period : check.Schedule.NextAfter(first) - first;
        return every > TimeSpan.Zero && first != DateTimeOffset.MaxValue ? CapacityPlanner.Plan(platform, skus, every) : null;
    }

    private static Markup Events(IReadOnlyList<StoredPing> pings, DateTimeOffset now)
    {
        if (pings.Count == 0)
        {
            return H($"<p class=\"empty\">No pings yet.</p>");
        }

        var rows = pings.Select(p => H($"""
            <tr><td title="{Formats.Utc(p.Created)}">{Formats.Ago(p.Created, now)}</td><td><span class="kind k-{p.Kind.ToWire()}">{p.Kind.ToWire()}</span>{(p.ExitStatus is { } code ? $" (exit {code})" : "")}</td>
            <td>{Formats.Duration(p.Duration)}</td><td>{p.Method} {p.Scheme}</td><td>{p.RemoteAddress}</td><td class="ua">{p.UserAgent}</td><td>{(p.BodySize > 0 ? $"{p.BodySize} B" : "")}</td></tr>
            """));
        return H($"""
            <div class="scroll"><table class="events">
              <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Duration</th><th scope="col">Request</th><th scope="col">From</th><th scope="col">User agent</th><th scope="col">Body</th></tr></thead>
              <tbody>{rows}</tbody>
            </table></div>
            """);
    }

    private static Markup InsightList(IReadOnlyList<InsightRecord> insights) => insights.Count == 0
        ? H($"<p class=\"empty\">Nothing unusual in the runs so far.</p>")
        : H($"""
            <table>
              <thead><tr><th scope="col">Found</th><th scope="col">Severity</th><th scope="col">What</th><th scope="col">Ended</th></tr></thead>
              <tbody>{insights.Select(i => H($"<tr><td>{Formats.Utc(i.OpenedAt)}</td><td>{i.Severity}</td><td>{i.Message}</td><td>{(i.ClearedAt is { } cleared ? Formats.Utc(cleared) : "ongoing")}</td></tr>"))}</tbody>
            </table>
            """);

    private static Markup RunTable(IReadOnlyList<Stockbeat.Core.Runs.Run> runs) => runs.Count == 0
        ? H($"<p class=\"empty\">No runs yet.</p>")
        : H($"""
            <table>
              <thead><tr><th scope="col">Finished</th><th scope="col">Outcome</th><th scope="col">Duration</th><th scope="col">Exit</th><th scope="col">Report</th><th scope="col">Why</th></tr></thead>
              <tbody>{runs.Select(r => H($"<tr><td>{(r.FinishedAt is { } f ? Formats.Utc(f) : "running")}</td><td>{Stockbeat.Core.Runs.RunOutcomeNames.ToWire(r.Outcome)}</td><td>{(r.Duration is { } d ? Stockbeat.Core.Words.Duration(d) : "—")}</td><td>{(r.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "—")}</td><td>{(r.Report is { } rep ? string.Join(", ", rep.Metrics.Take(6).Select(m => $"{m.Key} {m.Value.ToString("0.##", CultureInfo.InvariantCulture)}")) : "—")}</td><td>{r.Reason ?? ""}</td></tr>"))}</tbody>
            </table>
            """);

    private static Markup IncidentList(IReadOnlyList<IncidentRecord> incidents) => incidents.Count == 0
        ? H($"<p class=\"empty\">No incidents.</p>")
        : H($"""
            <table>
              <thead><tr><th scope="col">Incident</th><th scope="col">Opened</th><th scope="col">State</th><th scope="col">Resolved</th></tr></thead>
              <tbody>{incidents.Select(i => H($"<tr><td><a href=\"/incidents/{i.Id}\">#{i.Id}</a> {i.Reason.ToWire()}</td><td>{Formats.Utc(i.Opened)}</td><td>{Incidents.IncidentPages.StateBadge(i)}</td><td>{Formats.Utc(i.Resolved)}</td></tr>"))}</tbody>
            </table>
            """);

    private static async Task<Check?> FindAsync(IStore store, long projectId, Guid uuid, CancellationToken ct) =>
        await store.GetCheckAsync(uuid, ct) is { } check && check.ProjectId == projectId ? check : null;

    private static IResult NotFound(HttpContext context) =>
        Page.Problem(context, StatusCodes.Status404NotFound, "Monitor not found", "There is no such monitor; it may have been deleted.");
}
