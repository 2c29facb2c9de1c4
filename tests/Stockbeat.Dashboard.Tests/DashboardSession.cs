using System.Net;
using System.Text.RegularExpressions;
using Stockbeat.Testing;

namespace Stockbeat.Dashboard.Tests;

/// <summary>A browser-like HTTP client for the dashboard: keeps cookies, does not follow redirects, reads CSRF tokens from forms.</summary>
public sealed partial class DashboardSession : IDisposable
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery";

    private readonly HttpClient _client;

    /// <param name="host">The server.</param>
    /// <param name="cookies">Cookies to share with another session, e.g. one talking to a second node.</param>
    public DashboardSession(StockbeatHost host, CookieContainer? cookies = null)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = host.Address,
        };
    }

    /// <summary>Settings for a host whose admin account comes from configuration.</summary>
    public static Dictionary<string, string> AdminSettings => new()
    {
        ["Stockbeat:Bootstrap:AdminEmail"] = AdminEmail,
        ["Stockbeat:Bootstrap:AdminPassword"] = AdminPassword,
    };

    public async Task<HttpResponseMessage> GetAsync(string path) => await _client.GetAsync(path, Ct);

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>Posts a form; with <paramref name="tokenFrom"/> the CSRF token is read from that page first, as a browser would have it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom)
    {
        var values = fields.ToList();
        if (tokenFrom is not null)
        {
            var page = await GetTextAsync(tokenFrom);
            var token = CsrfField().Match(page);
            Assert.True(token.Success, $"{tokenFrom} has no CSRF field");
            values.Add(new("__csrf", WebUtility.HtmlDecode(token.Groups[1].Value)));
        }

        using var content = new FormUrlEncodedContent(values);
        return await _client.PostAsync(path, content, Ct);
    }

    public async Task<HttpResponseMessage> SignInAsync(string email = AdminEmail, string password = AdminPassword) =>
        await PostFormAsync("login", [new("email", email), new("password", password)], tokenFrom: "login");

    /// <summary>Signs in and fails the test unless the dashboard accepted the password.</summary>
    public async Task SignInOrFailAsync(string email = AdminEmail, string password = AdminPassword)
    {
        using var response = await SignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
