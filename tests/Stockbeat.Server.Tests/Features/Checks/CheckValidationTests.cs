using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckValidationTests
{
    [Theory]
    // Periods: whole seconds from 60 to 31 536 000 (one year).
    [InlineData("""{"timeout": 59}""", "json validation error: timeout is too small")]
    [InlineData("""{"timeout": -1}""", "json validation error: timeout is too small")]
    [InlineData("""{"timeout": 31536001}""", "json validation error: timeout is too large")]
    [InlineData("""{"timeout": "abc"}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": "3600"}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": 1.5}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": true}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": null}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": 1e400}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": -1e400}""", "json validation error: timeout is not a number")]
    [InlineData("""{"timeout": 99999999999999999999999}""", "json validation error: timeout is too large")]
    [InlineData("""{"grace": 59}""", "json validation error: grace is too small")]
    [InlineData("""{"grace": 31536001}""", "json validation error: grace is too large")]
    [InlineData("""{"grace": "1h"}""", "json validation error: grace is not a number")]
    // Strings.
    [InlineData("""{"name": 123}""", "json validation error: name is not a string")]
    [InlineData("""{"name": null}""", "json validation error: name is not a string")]
    [InlineData("""{"tags": ["a", "b"]}""", "json validation error: tags is not a string")]
    [InlineData("""{"desc": {}}""", "json validation error: desc is not a string")]
    // Schedules.
    [InlineData("""{"schedule": "61 * * * *"}""", "json validation error: schedule is not a valid cron expression")]
    [InlineData("""{"schedule": "* * *"}""", "json validation error: schedule is not a valid cron expression")]
    [InlineData("""{"schedule": "0 0 30 2 *"}""", "json validation error: schedule never fires: no date matches it")]
    [InlineData("""{"schedule": 5}""", "json validation error: schedule is not a string")]
    [InlineData("""{"schedule": "0 3 * * *", "tz": "Mars/Base"}""", "json validation error: tz is not a valid timezone")]
    [InlineData("""{"tz": "Mars/Base"}""", "json validation error: tz is not a valid timezone")]
    // Flags and lists.
    [InlineData("""{"manual_resume": "yes"}""", "json validation error: manual_resume is not a boolean")]
    [InlineData("""{"manual_resume": 1}""", "json validation error: manual_resume is not a boolean")]
    [InlineData("""{"methods": "GET"}""", "json validation error: methods has unexpected value")]
    [InlineData("""{"channels": 7}""", "json validation error: channels is not a string")]
    // Whole body.
    [InlineData("[]", "json validation error: value is not an object")]
    [InlineData("{not json", "could not parse request body")]
    public async Task Create_Returns400WithHealthchecksMessage_WhenFieldIsInvalid(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Theory]
    [InlineData("""{"unique": ["bogus"]}""")]
    [InlineData("""{"unique": ["name", 5]}""")]
    [InlineData("""{"unique": "name"}""")]
    public async Task Create_Returns400MentioningUnique_WhenUniqueIsInvalid(string body)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("json validation error: unique ", answer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Has Caps")]
    [InlineData("with space")]
    [InlineData("dots.not.allowed")]
    public async Task Create_Returns400MentioningSlug_WhenSlugHasForbiddenCharacters(string slug)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/checks/", new { name = "x", slug });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("json validation error: slug ", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Returns400TooLong_WhenNameHas101Characters()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/checks/", new { name = new string('n', 101) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("json validation error: name is too long", answer.Error);
    }

    [Theory]
    [InlineData("""{"timeout": 60}""")]
    [InlineData("""{"timeout": 31536000}""")]
    [InlineData("""{"grace": 60}""")]
    [InlineData("""{"grace": 31536000}""")]
    [InlineData("""{"slug": ""}""")]
    [InlineData("""{"slug": "a-z_0-9"}""")]
    [InlineData("""{"methods": ""}""")]
    [InlineData("""{"schedule": "*/5 * * * *", "tz": "America/New_York"}""")]
    [InlineData("""{"unique": []}""")]
    [InlineData("""{"unknown_field": [1, 2, 3]}""")]
    public async Task Create_Returns201_WhenValueIsAtTheLimit(string body)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task Create_Returns201_WhenNameHas100Characters()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/checks/", new { name = new string('n', 100) });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Create_StoresNothing_WhenOneOfSeveralFieldsIsInvalid(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", """{"name": "half", "timeout": 3600, "grace": 10}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("json validation error: grace is too small", answer.Error);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Theory]
    [InlineData(Backend.Sqlite, """{"name": "changed", "timeout": 59}""", "json validation error: timeout is too small")]
    [InlineData(Backend.Postgres, """{"name": "changed", "timeout": 59}""", "json validation error: timeout is too small")]
    [InlineData(Backend.Sqlite, """{"schedule": "61 * * * *"}""", "json validation error: schedule is not a valid cron expression")]
    public async Task Update_Returns400AndKeepsCheck_WhenFieldIsInvalid(Backend backend, string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "kept", timeout = 3600 });

        var answer = await PostRawAsync(host.Api, $"api/v3/checks/{uuid}", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("kept", check.GetProperty("name").GetString());
        Assert.Equal(3600, check.GetProperty("timeout").GetInt64());
    }
}
