using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Runs;
using Stockbeat.Server.Dashboard.Monitors;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Overview;

/// <summary>The overview: every monitor grouped by route or tag, filtered, searched and paged; refreshed in place.</summary>
internal static class OverviewEndpoints
{
    private const int PageSize = 50;
    private const int SparkRuns = 20;

    public static void MapOverview(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", PageAsync);
        routes.MapGet("/fragments/overview", FragmentAsync);
    }

    private static async Task<IResult> PageAsync(HttpContext context, IStore store, RunHistory history, TimeProvider time)
    {
        var query = OverviewQuery.From(context.Request.Query);
        var projectId = await ProjectAsync(store, context);
        var now = time.GetUtcNow();
        var index = await IndexAsync(context, store, projectId, query, now);
        var table = await TableAsync(context, projectId, index, query, store, history, now);
        var body = H($"""
            <div class="page-head">
              <h1>Inventory monitors</h1>
              {If(context.IsAdmin(), $"<a class=\"button primary\" href=\"/monitors/new\">New monitor</a>")}
            </div>
            <form class="filters" method="get" action="/" role="search">
              <label class="grow">Search <input type="search" name="q" value="{query.Search}" placeholder="name, slug or tag"></label>
              {Select("status", "Status", query.Status, StatusView.Words)}
              {Select("tag", "Tag", query.Tag, index.Tags)}
              {Select("source", "Source", query.Source, index.Sources)}
              {Select("destination", "Destination", query.Destination, index.Destinations)}
              <label>Group by <select name="group"><option value="route">source → destination</option><option value="tag"{If(query.GroupByTag, $" selected")}>tag</option></select></label>
              <button class="button" type="submit">Apply</button>
              {If(query.IsFiltered, $"<a class=\"button link\" href=\"/\">Clear</a>")}
            </form>
            <div id="overview" data-refresh="/fragments/overview{context.Request.QueryString.Value}" aria-live="polite">
            {table}
            </div>
            """);
        return Page.Render(context, "Overview", "overview", body);
    }

    private static async Task<IResult> FragmentAsync(HttpContext context, IStore store, RunHistory history, TimeProvider time)
    {
        var projectId = await ProjectAsync(store, context);
        var query = OverviewQuery.From(context.Request.Query);
        var now = time.GetUtcNow();
        var index = await IndexAsync(context, store, projectId, query, now);
        return Page.Fragment(context, await TableAsync(context, projectId, index, query, store, history, now));
    }

    private static Task<OverviewIndex> IndexAsync(HttpContext context, IStore store, long projectId, OverviewQuery query, DateTimeOffset now) =>
        OverviewIndex.BuildAsync(store.StreamChecksAsync(projectId, context.RequestAborted), query, PageSize, now, context.RequestAborted);

    /// <summary>The dashboard shows the first project, the one <c>stockbeat serve</c> creates.</summary>
    public static async Task<long> ProjectAsync(IStore store, HttpContext context) =>
        await store.FindFirstProjectAsync(context.RequestAborted) ?? throw new InvalidOperationException("The server was not bootstrapped.");

    private static async Task<Markup> TableAsync(
        HttpContext context, long projectId, OverviewIndex index, OverviewQuery query, IStore store, RunHistory history, DateTimeOffset now)
    {
        var counts = StatusView.Words.Select(w => (Word: w, Count: index.Counts.GetValueOrDefault(w))).Where(x => x.Count > 0);
        var incidents = (await store.ListProjectIncidentsAsync(projectId, openOnly: true, 500, context.RequestAborted))
            .GroupBy(i => i.CheckId).ToDictionary(g => g.Key, g => g.First());
        // Only the monitors of this page read runs, all in one go, so the page costs the same with 50 or 5 000 monitors.
        var recent = await history.RecentAsync(index.Shown.Select(r => r.Check), SparkRuns, context.RequestAborted);
        var body = new List<Markup>();
        string? group = null;
        foreach (var row in index.Shown)
        {
            if (row.Group != group)
            {
                group = row.Group;
                body.Add(H($"<tr class=\"group\"><th colspan=\"8\" scope=\"rowgroup\">{group}</th></tr>"));
            }

            body.Add(Row(row.Check, row.Label, row.Word, recent[row.Check.Id], incidents.GetValueOrDefault(row.Check.Id), now));
        }

        var summary = counts.Select(c => H($"<a class=\"count\" href=\"/?status={c.Word}\">{StatusView.Badge(c.Word)} <b>{c.Count}</b></a>"));
        return H($"""
            <p class="summary">{summary}<span class="muted">{index.Total} monitors · updated {Formats.Utc(now)}</span></p>
            {(index.Shown.Count == 0 ? Empty(index.Total, context.IsAdmin()) : H($"""
            <table class="monitors">
              <thead><tr><th scope="col">Monitor</th><th scope="col">Status</th><th scope="col">Schedule</th><th scope="col">Last run</th><th scope="col">Duration</th><th scope="col">Recent runs</th><th scope="col">Key metrics</th><th scope="col">Incident</th></tr></thead>
              <tbody>{body}</tbody>
            </table>
            {Pager(query, index.Page, index.Pages, index.Matching)}
            """))}
            """);
    }

    private static Markup Row(Check check, string label, string word, RecentRuns recent, IncidentRecord? incident, DateTimeOffset now)
    {
        var runs = recent.Finished;
        var failed = runs.Count(r => r.Failed);
        // Over the recent finished runs, timed or not: a bare /fail ping is a failed run too.
        var rate = runs.Count == 0 ? Markup.Empty : H($"<small class=\"{(failed > 0 ? "warn" : "muted")}\">{(100.0 * failed / runs.Count).ToString("0.#", CultureInfo.InvariantCulture)}% failed</small>");
        return H($"""
            <tr class="row-{word}">
              <td class="name"><a href="/monitors/{check.Uuid}">{label}</a>{If(check.Tags.Length > 0, $"<span class=\"tags\">{check.TagList.Select(t => H($"<span class=\"tag\">{t}</span>"))}</span>")}</td>
              <td>{StatusView.Badge(word)}</td>
              <td>{Formats.Schedule(check.Schedule)}</td>
              <td class="nowrap" title="{Formats.Utc(check.LastPing)}">{Formats.Ago(check.LastPing, now)}</td>
              <td>{Formats.Duration(check.LastDuration)}</td>
              <td class="spark-cell">{Charts.Sparkline(runs)} {rate}</td>
              <td class="metrics-cell">{KeyMetrics(recent.LastReport, check.EffectiveErrorThreshold)}</td>
              <td>{(incident is null ? H($"<span class=\"muted\">—</span>") : StatusView.Incident(incident))}</td>
            </tr>
            """);
    }

    /// <summary>The latest report's error rate, discrepancies, backlog and oversold SKUs, each only when reported.</summary>
    private static Markup KeyMetrics(LastReport? report, double errorThreshold)
    {
        if (report is null)
        {
            return H($"<span class=\"muted\">—</span>");
        }

        var items = new List<Markup>();
        if (report[RunReport.Errors] is { } errors && report.Share(errors) is { } rate)
        {
            items.Add(Metric("errors", $"{rate.ToString("0.##", CultureInfo.InvariantCulture)}% errors", report.IsBad(RunReport.Errors, errors, errorThreshold)));
        }

        if (report[RunReport.Discrepancies] is { } discrepancies)
        {
            items.Add(Metric("discrepancies", $"{Number(discrepancies)} discrepancies", report.IsBad(RunReport.Discrepancies, discrepancies, errorThreshold)));
        }

        if (report[RunReport.Backlog] is { } backlog)
        {
            items.Add(Metric("backlog", $"backlog {Number(backlog)}", bad: false));
        }

        if (report[RunReport.NegativeSalable] is { } oversold)
        {
            items.Add(Metric("oversold", $"{Number(oversold)} oversold", oversold > 0));
        }

        return items.Count == 0 ? H($"<span class=\"muted\">no key metrics</span>") : H($"<span class=\"key-metrics\" title=\"latest run report, {Formats.Utc(report.At)}\">{items}</span>");
    }

    private static Markup Metric(string name, string text, bool bad) =>
        H($"<span class=\"metric m-{name}{(bad ? " bad" : "")}\">{text}</span>");

    private static Markup Empty(int total, bool admin) => total == 0
        ? H($"<section class=\"card empty\"><h2>No monitors yet</h2><p>Create one here{(admin ? "" : " (as an admin)")}, through the API, or let a job create its own with <code>/ping/&lt;ping-key&gt;/&lt;slug&gt;?create=1</code>.</p>{If(admin, $"<a class=\"button primary\" href=\"/monitors/new\">New monitor</a>")}</section>")
        : H($"<section class=\"card empty\"><p>No monitor matches these filters. <a href=\"/\">Show all</a></p></section>");

    private static Markup Pager(OverviewQuery query, int page, int pages, int count)
    {
        if (pages == 1)
        {
            return Markup.Empty;
        }

        var previous = page > 1 ? H($"<a class=\"button\" href=\"/?{query.WithPage(page - 1)}\">← Previous</a>") : Markup.Empty;
        var next = page < pages ? H($"<a class=\"button\" href=\"/?{query.WithPage(page + 1)}\">Next →</a>") : Markup.Empty;
        return H($"<nav class=\"pager\" aria-label=\"Pages\">{previous}<span>page {page} of {pages} · {count} rows</span>{next}</nav>");
    }

    private static Markup Select(string name, string label, string selected, IEnumerable<string> options) => H($"""
        <label>{label} <select name="{name}"><option value="">all</option>{options.Select(o => H($"<option{If(o == selected, $" selected")}>{o}</option>"))}</select></label>
        """);
}

/// <summary>The overview's filters from the query string.</summary>
internal sealed record OverviewQuery(string Search, string Status, string Tag, string Source, string Destination, bool GroupByTag, int Page)
{
    public bool IsFiltered => Search.Length + Status.Length + Tag.Length + Source.Length + Destination.Length > 0;

    public static OverviewQuery From(IQueryCollection query) => new(
        Cut(query["q"].ToString().Trim()),
        Cut(query["status"].ToString()),
        Cut(query["tag"].ToString()),
        Cut(query["source"].ToString()),
        Cut(query["destination"].ToString()),
        query["group"] == "tag",
        int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1);

    /// <summary>Whether a monitor with this status word and route passes the filters.</summary>
    public bool Matches(Check check, string word, SyncRoute? route) => (Status.Length == 0 || word == Status)
            && (Tag.Length == 0 || check.TagList.Contains(Tag))
            && (Source.Length == 0 || route?.Source == Source)
            && (Destination.Length == 0 || route?.Destination == Destination)
            && (Search.Length == 0
                || check.Name.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || check.Slug.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || check.Tags.Contains(Search, StringComparison.OrdinalIgnoreCase));

    public string WithPage(int page) => string.Join('&', new[]
    {
        ("q", Search), ("status", Status), ("tag", Tag), ("source", Source), ("destination", Destination),
        ("group", GroupByTag ? "tag" : ""), ("page", page.ToString(CultureInfo.InvariantCulture)),
    }.Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={Url(p.Item2)}"));

    private static string Cut(string value) => value.Length > 200 ? value[..200] : value;
}
