using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stockbeat.Server.Dashboard.Auth;
using Stockbeat.Server.Dashboard.Incidents;
using Stockbeat.Server.Dashboard.Monitors;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Dashboard.Settings;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard;

/// <summary>
/// The web dashboard under <c>/</c>: server-rendered pages behind a cookie sign-in, every form protected by
/// ASP.NET Core antiforgery. The ping API and management API keep their own authentication and are untouched.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Registers the dashboard's services: cookie sign-in, antiforgery and a database-backed Data Protection key ring.</summary>
    public static IServiceCollection AddStockbeatDashboard(this IServiceCollection services)
    {
        services.AddSingleton<Accounts>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<RunHistory>();
        services.AddDataProtection().SetApplicationName("Stockbeat");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new StoreXmlRepository(sp.GetRequiredService<IStore>(), sp.GetRequiredService<TimeProvider>())));
        services.AddAuthentication()
            .AddCookie(Accounts.Scheme, o =>
            {
                o.Cookie.Name = "stockbeat_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
            });
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(Accounts.Scheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "stockbeat_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        return services;
    }

    /// <summary>Maps the dashboard's pages, fragments and assets.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/assets/{name}", Asset);

        var open = routes.MapGroup("").AddEndpointFilter(RequireCsrfOnPost);
        open.MapGet("/login", AccountPages.LoginFormAsync);
        open.MapPost("/login", AccountPages.LoginAsync);
        open.MapGet("/setup", AccountPages.SetupFormAsync);
        open.MapPost("/setup", AccountPages.SetupAsync);

        var read = routes.MapGroup("").AddEndpointFilter(RequireSignIn).AddEndpointFilter(RequireCsrfOnPost);
        read.MapPost("/logout", (Delegate)AccountPages.LogoutAsync);
        read.MapOverview();
        read.MapMonitorPages();
        read.MapIncidentPages();
        read.MapSettingsPages();

        var write = routes.MapGroup("").AddEndpointFilter(RequireSignIn).AddEndpointFilter(RequireCsrfOnPost).AddEndpointFilter(RequireAdmin);
        write.MapMonitorActions();
        write.MapIncidentActions();
        write.MapSettingsActions();
        return routes;
    }

    private static async ValueTask<object?> RequireSignIn(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var accounts = context.RequestServices.GetRequiredService<Accounts>();
        await accounts.EnsureConfiguredAdminAsync(context.RequestAborted);
        if (await accounts.CurrentAsync(context) is not { } user)
        {
            if (context.Request.Path.StartsWithSegments("/fragments"))
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            if (await accounts.NeedsSetupAsync(context.RequestAborted))
            {
                return Results.Redirect("/setup");
            }

            var here = context.Request.Path + context.Request.QueryString;
            return Results.Redirect(here == "/" ? "/login" : $"/login?next={Uri.EscapeDataString(here)}");
        }

        context.SetUser(user);
        return await next(invocation);
    }

    private static async ValueTask<object?> RequireCsrfOnPost(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                return Page.Problem(context, StatusCodes.Status400BadRequest, "Form expired",
                    "The form was missing its security token or it has expired (CSRF protection). Reload the page and try again.");
            }
        }

        return await next(invocation);
    }

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        return context.IsAdmin()
            ? await next(invocation)
            : Page.Problem(context, StatusCodes.Status403Forbidden, "Read-only account",
                "Viewer accounts can look at everything but change nothing. Ask an admin to make this change.");
    }

    private static IResult Asset(string name, HttpContext context)
    {
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream($"Stockbeat.Dashboard.{name}");
        if (stream is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, type);
    }
}
