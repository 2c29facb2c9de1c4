using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stockbeat.Alerts;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Workers;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Settings;

/// <summary>The channels page: list, create (validated by the channel's own sender, as the API does), send a test, delete.</summary>
internal static class ChannelSettings
{
    public static Task<IResult> PageAsync(HttpContext context, IStore store, ChannelSenders senders) =>
        RenderAsync(context, store, senders, null, null, StatusCodes.Status200OK);

    public static async Task<IResult> CreateAsync(HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var kind = form["kind"].ToString();
        var name = form["name"].ToString().Trim();
        var configText = form["config"].ToString();
        string? problem = null;
        var config = "";
        if (senders.Find(kind) is not { } sender)
        {
            problem = $"Choose a kind: {string.Join(", ", senders.Kinds)}.";
        }
        else if (name.Length is 0 or > 100)
        {
            problem = "Give the channel a name of at most 100 characters.";
        }
        else
        {
            try
            {
                using var json = JsonDocument.Parse(configText);
                if (!sender.TryNormalizeConfig(json.RootElement, out config, out var error))
                {
                    problem = $"The settings are not right for {kind}: {error}";
                }
            }
            catch (JsonException)
            {
                problem = "The settings must be a JSON object, e.g. {\"url\": \"https://hooks.slack.com/services/…\"}.";
            }
        }

        if (problem is not null)
        {
            return await RenderAsync(context, store, senders, problem, null, StatusCodes.Status400BadRequest);
        }

        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.CreateChannelAsync(projectId, kind, name, config, time.GetUtcNow(), context.RequestAborted);
        return Results.Redirect("/settings/channels");
    }

    public static async Task<IResult> TestAsync(Guid uuid, HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if ((await store.ListChannelsAsync(projectId, context.RequestAborted)).FirstOrDefault(c => c.Uuid == uuid) is not { } channel)
        {
            return Page.Problem(context, StatusCodes.Status404NotFound, "Channel not found", "There is no such channel.");
        }

        var result = senders.Find(channel.Kind) is { } sender
            ? await sender.SendAsync(channel.Config, NotificationFactory.Test(channel.Name, time.GetUtcNow()), context.RequestAborted)
            : new SendResult(SendOutcome.Permanent, $"kind '{channel.Kind}' is not supported");
        await store.SetChannelErrorAsync(channel.Id, result.Error, time.GetUtcNow(), context.RequestAborted);
        var notice = result.Outcome == SendOutcome.Sent
            ? $"Test notification sent to {channel.Name}."
            : $"{channel.Name} did not take the test notification: {result.Error}";
        return await RenderAsync(context, store, senders, result.Outcome == SendOutcome.Sent ? null : notice,
            result.Outcome == SendOutcome.Sent ? notice : null, result.Outcome == SendOutcome.Sent ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway);
    }

    public static async Task<IResult> DeleteAsync(Guid uuid, HttpContext context, IStore store)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.DeleteChannelAsync(projectId, uuid, context.RequestAborted);
        return Results.Redirect("/settings/channels");
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IStore store, ChannelSenders senders, string? error, string? notice, int status)
    {
        var channels = await store.ListChannelsAsync(await OverviewEndpoints.ProjectAsync(store, context), context.RequestAborted);
        var admin = context.IsAdmin();
        var rows = channels.Select(c => H($"""
            <tr><td>{c.Name}</td><td>{c.Kind}</td><td><code>{c.Uuid}</code></td>
            <td>{(c.LastError is { } e ? H($"<span class=\"warn\">{e}</span>") : H($"<span class=\"ok\">ok</span>"))}</td>
            <td class="nowrap">{If(admin, $"{Page.Button(context, $"/settings/channels/{c.Uuid}/test", "Send test", "button small")} {Page.Button(context, $"/settings/channels/{c.Uuid}/delete", "Delete", "button small danger")}")}</td></tr>
            """));
        var kinds = senders.Kinds.Select(k => H($"<option>{k}</option>"));
        var body = H($"""
            <div class="page-head"><h1>Channels</h1></div>
            {If(notice is not null, $"<p class=\"notice\" role=\"status\">{notice}</p>")}
            {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
            <section class="card">
              {(channels.Count == 0 ? H($"<p class=\"empty\">No channels yet.</p>") : H($"<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Kind</th><th scope=\"col\">Id</th><th scope=\"col\">Last delivery</th><th scope=\"col\"><span class=\"sr\">Actions</span></th></tr></thead><tbody>{rows}</tbody></table>"))}
            </section>
            {If(admin, $"""
            <section class="card">
              <h2>Add a channel</h2>
              <form method="post" action="/settings/channels">
                {Page.Csrf(context)}
                <div class="grid2">
                  <label>Kind <select name="kind">{kinds}</select></label>
                  <label>Name <input name="name" maxlength="100" required placeholder="Ops Slack"></label>
                </div>
                <label>Settings (JSON) <small>the same <code>config</code> object as the API takes; see docs/alerting.md</small>
                  <textarea name="config" rows="4" required placeholder="&#123;&quot;url&quot;: &quot;https://hooks.slack.com/services/…&quot;&#125;"></textarea></label>
                <button class="button primary" type="submit">Add channel</button>
              </form>
            </section>
            """)}
            """);
        return Page.Render(context, "Channels", "channels", body, status);
    }
}
