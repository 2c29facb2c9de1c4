using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stockbeat.Server.Dashboard.Auth;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard;

/// <summary>The page shell, forms' CSRF field and the headers every dashboard answer carries.</summary>
internal static class Page
{
    private const string UserItem = "stockbeat.dashboard-user";

    // No inline script or style anywhere: the CSP allows only Stockbeat's own files.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private static readonly (string Href, string Label, string Section)[] Navigation =
    [
        ("/", "Overview", "overview"),
        ("/incidents", "Incidents", "incidents"),
        ("/settings/channels", "Channels", "channels"),
        ("/settings/policies", "Policies", "policies"),
        ("/settings/maintenance", "Maintenance", "maintenance"),
        ("/settings/capacity", "Capacity", "capacity"),
        ("/settings/api-keys", "API keys", "api-keys"),
        ("/settings/users", "Users", "users"),
    ];

    /// <summary>The signed-in account of this request (set by the dashboard's sign-in filter).</summary>
    public static DashboardUser User(this HttpContext context) =>
        context.Items[UserItem] as DashboardUser ?? throw new InvalidOperationException("The page is not behind the sign-in filter.");

    public static void SetUser(this HttpContext context, DashboardUser user) => context.Items[UserItem] = user;

    public static bool IsAdmin(this HttpContext context) => context.User().Role == Roles.Admin;

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public static Markup Csrf(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return H($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    /// <summary>A one-button form posting to <paramref name="action"/>.</summary>
    public static Markup Button(HttpContext context, string action, string label, string css = "button") =>
        H($"<form method=\"post\" action=\"{action}\" class=\"inline\">{Csrf(context)}<button type=\"submit\" class=\"{css}\">{label}</button></form>");

    /// <summary>A full page inside the signed-in shell.</summary>
    public static IResult Render(HttpContext context, string title, string section, Markup body, int status = StatusCodes.Status200OK)
    {
        var user = context.User();
        var nav = Navigation.Select(n =>
            H($"<a href=\"{n.Href}\"{(n.Section == section ? new Markup(" aria-current=\"page\"") : Markup.Empty)}>{n.Label}</a>"));
        var shell = H($"""
            <header class="topbar">
              <a class="brand" href="/"><img src="/assets/logo.svg" alt="" width="22" height="22"> Stockbeat</a>
              <nav>{nav}</nav>
              <div class="who"><span title="{user.Role}">{user.Email} · {user.Role}</span>{Button(context, "/logout", "Sign out", "link")}</div>
            </header>
            <main>{body}</main>
            """);
        return Document(context, title, shell, status);
    }

    /// <summary>A page without the navigation: sign-in, setup, errors before sign-in.</summary>
    public static IResult Bare(HttpContext context, string title, Markup body, int status = StatusCodes.Status200OK) =>
        Document(context, title, H($"<main class=\"narrow\">{body}</main>"), status);

    /// <summary>An HTML fragment for the refresh script.</summary>
    public static IResult Fragment(HttpContext context, Markup html)
    {
        Secure(context);
        return Results.Content(html.Value, "text/html; charset=utf-8");
    }

    /// <summary>An error page with a clear message, inside the shell when signed in.</summary>
    public static IResult Problem(HttpContext context, int status, string title, string message)
    {
        var body = H($"<section class=\"card\"><h1>{title}</h1><p>{message}</p><p><a href=\"/\">Back to the overview</a></p></section>");
        return context.Items.ContainsKey(UserItem) ? Render(context, title, "", body, status) : Bare(context, title, body, status);
    }

    private static IResult Document(HttpContext context, string title, Markup content, int status)
    {
        Secure(context);
        var html = H($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{title} · Stockbeat</title>
            <link rel="stylesheet" href="/assets/dashboard.css">
            <link rel="icon" href="/assets/logo.svg" type="image/svg+xml">
            <script src="/assets/dashboard.js" defer></script>
            </head>
            <body>
            {content}
            </body>
            </html>
            """);
        return Results.Content(html.Value, "text/html; charset=utf-8", statusCode: status);
    }

    private static void Secure(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }
}
