using System.Net;
using Stockbeat.Testing;

namespace Stockbeat.Dashboard.Tests;

public sealed class DashboardAuthTests
{
    public static TheoryData<string> Pages =>
    [
        "/", "/?status=down", "/incidents", "/incidents/1", $"/monitors/{Guid.NewGuid()}", "/monitors/new",
        $"/monitors/{Guid.NewGuid()}/delete", "/settings/users", "/settings/channels", "/settings/policies",
        "/settings/maintenance", "/settings/capacity",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_RedirectsToLogin_WhenSignedOut(string path)
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.GetAsync(path.TrimStart('/'));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fragment_Answers401_WhenSignedOut()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.GetAsync("fragments/overview");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_RedirectsToLogin_WhenSignedOut()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.PostFormAsync("monitors/new", [new("name", "erp → web")], tokenFrom: "login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await host.Store.ListChecksAsync(host.ProjectId, Ct));
    }

    [Fact]
    public async Task Login_SignsIn_WithConfiguredAdmin()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        await session.SignInOrFailAsync();
        var overview = await session.GetTextAsync("");

        Assert.Contains("Inventory monitors", overview, StringComparison.Ordinal);
        Assert.Contains("admin@example.com · admin", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_Fails_WithoutCsrfToken()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.PostFormAsync(
            "login", [new("email", DashboardSession.AdminEmail), new("password", DashboardSession.AdminPassword)], tokenFrom: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CSRF", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var overview = await session.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
    }

    [Fact]
    public async Task FormPost_Fails_WithoutCsrfToken_WhenSignedIn()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);
        await session.SignInOrFailAsync();

        using var withoutToken = await session.PostFormAsync("monitors/new", [new("name", "erp → web"), new("period_minutes", "15")], tokenFrom: null);
        using var withToken = await session.PostFormAsync("monitors/new", [new("name", "erp → web"), new("period_minutes", "15")], tokenFrom: "monitors/new");

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        Assert.Single(await host.Store.ListChecksAsync(host.ProjectId, Ct));
    }

    [Fact]
    public async Task Login_Refused_WithWrongPassword()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.SignInAsync(password: "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_Throttled_AfterRepeatedFailures_UntilBackoffPasses()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await session.SignInAsync(password: $"wrong password {i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await session.SignInAsync();
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        host.Time.Advance(TimeSpan.FromSeconds(31));
        using var afterWait = await session.SignInAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter);
        Assert.Equal(HttpStatusCode.Redirect, afterWait.StatusCode);
    }

    [Fact]
    public async Task Setup_CreatesFirstAdminOnce_WhenNoneConfigured()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var session = new DashboardSession(host);

        using var first = await session.GetAsync("");
        using var created = await session.PostFormAsync(
            "setup", [new("email", "Owner@Example.com"), new("password", "a long password"), new("confirm", "a long password")], tokenFrom: "setup");
        using var overview = await session.GetAsync("");
        using var again = await session.GetAsync("setup");

        Assert.Equal("/setup", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Equal("/login", again.Headers.Location!.OriginalString);
        var user = Assert.Single(await host.Store.ListUsersAsync(Ct));
        Assert.Equal(("owner@example.com", "admin"), (user.Email, user.Role));
        Assert.StartsWith("pbkdf2-sha256$600000$", user.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_RejectsShortPassword()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var session = new DashboardSession(host);

        using var response = await session.PostFormAsync(
            "setup", [new("email", "owner@example.com"), new("password", "short"), new("confirm", "short")], tokenFrom: "setup");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 10 characters", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task Viewer_CannotMutate_AndSeesNoMutatingForms()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        using var admin = new DashboardSession(host);
        await admin.SignInOrFailAsync();
        using var added = await admin.PostFormAsync(
            "settings/users",
            [new("email", "viewer@example.com"), new("role", "viewer"), new("password", "viewer password"), new("confirm", "viewer password")],
            tokenFrom: "settings/users");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using var viewer = new DashboardSession(host);
        await viewer.SignInOrFailAsync("viewer@example.com", "viewer password");

        var page = await viewer.GetTextAsync($"monitors/{uuid}");
        using var pause = await viewer.PostFormAsync($"monitors/{uuid}/pause", [], tokenFrom: $"monitors/{uuid}");
        using var create = await viewer.PostFormAsync("monitors/new", [new("name", "pos → web"), new("period_minutes", "15")], tokenFrom: "");
        using var newForm = await viewer.GetAsync("monitors/new");

        Assert.DoesNotContain($"action=\"/monitors/{uuid}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, newForm.StatusCode);
        var check = Assert.Single(await host.Store.ListChecksAsync(host.ProjectId, Ct));
        Assert.Equal(Core.Checks.CheckStatus.New, check.Status);
    }

    [Fact]
    public async Task Session_ValidOnSecondNode_WhenNodesShareDatabase()
    {
        var database = await TestDatabases.NewPostgresSchemaAsync();
        await using var first = await StockbeatHost.StartAsync(Backend.Postgres, DashboardSession.AdminSettings, database: database);
        await using var second = await StockbeatHost.StartAsync(Backend.Postgres, DashboardSession.AdminSettings, database: database);
        var cookies = new CookieContainer();
        using var onFirst = new DashboardSession(first, cookies);
        using var onSecond = new DashboardSession(second, cookies);

        await onFirst.SignInOrFailAsync();
        using var overview = await onSecond.GetAsync("");
        using var post = await onSecond.PostFormAsync("settings/api-keys", [new("name", "from node two")], tokenFrom: "settings/api-keys");

        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Single(await first.Store.ListDataProtectionKeysAsync(Ct));
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/incidents", "/incidents")]
    public async Task Login_ReturnsOnlyToLocalPaths(string next, string expected)
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);

        using var response = await session.PostFormAsync(
            "login", [new("email", DashboardSession.AdminEmail), new("password", DashboardSession.AdminPassword), new("next", next)], tokenFrom: "login");

        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_EndsSession()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = new DashboardSession(host);
        await session.SignInOrFailAsync();

        using var logout = await session.PostFormAsync("logout", [], tokenFrom: "");
        using var overview = await session.GetAsync("");

        Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
    }
}
