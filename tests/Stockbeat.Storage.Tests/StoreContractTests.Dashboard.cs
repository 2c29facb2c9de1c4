namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CreateUserAsync_RefusesSecondAccount_WhenOnlyIfNone()
    {
        var first = await Store.CreateUserAsync("ops@example.com", "hash-1", "admin", onlyIfNone: true, T0, Ct);
        var second = await Store.CreateUserAsync("other@example.com", "hash-2", "admin", onlyIfNone: true, T0, Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(1, await Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task CreateUserAsync_ReturnsNull_WhenEmailTaken()
    {
        await Store.CreateUserAsync("ops@example.com", "hash-1", "admin", onlyIfNone: false, T0, Ct);

        var again = await Store.CreateUserAsync("ops@example.com", "hash-2", "viewer", onlyIfNone: false, T0, Ct);
        var viewer = await Store.CreateUserAsync("viewer@example.com", "hash-3", "viewer", onlyIfNone: false, T0, Ct);

        Assert.Null(again);
        Assert.NotNull(viewer);
        Assert.Equal(["ops@example.com", "viewer@example.com"], (await Store.ListUsersAsync(Ct)).Select(u => u.Email));
    }

    [Fact]
    public async Task FindUserAsync_ReturnsStoredAccount_WithLastLogin()
    {
        var created = (await Store.CreateUserAsync("ops@example.com", "pbkdf2$1$salt$hash", "viewer", onlyIfNone: false, T0, Ct))!;

        await Store.SetLastLoginAsync(created.Id, T0.AddMinutes(5), Ct);
        var found = await Store.FindUserAsync("ops@example.com", Ct);
        var byId = await Store.GetUserAsync(created.Id, Ct);

        Assert.Equal(created with { LastLogin = T0.AddMinutes(5) }, found);
        Assert.Equal(found, byId);
        Assert.Null(await Store.FindUserAsync("nobody@example.com", Ct));
    }

    [Fact]
    public async Task DeleteUserAsync_RemovesAccount()
    {
        var created = (await Store.CreateUserAsync("ops@example.com", "h", "viewer", onlyIfNone: false, T0, Ct))!;

        Assert.True(await Store.DeleteUserAsync(created.Id, Ct));
        Assert.False(await Store.DeleteUserAsync(created.Id, Ct));
        Assert.Equal(0, await Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task RevokeApiKeyAsync_RemovesKeyFromListAndLookup()
    {
        var projectId = await CreateProjectAsync();
        var keys = await Store.ListApiKeysAsync(projectId, Ct);
        var readOnly = Assert.Single(keys, k => k.ReadOnly);

        var revoked = await Store.RevokeApiKeyAsync(projectId, readOnly.Id, T0.AddHours(1), Ct);
        var again = await Store.RevokeApiKeyAsync(projectId, readOnly.Id, T0.AddHours(2), Ct);

        Assert.Equal(["read-write", "read-only"], keys.Select(k => k.Name));
        Assert.Equal(T0, readOnly.Created);
        Assert.True(revoked);
        Assert.False(again);
        Assert.Equal(["read-write"], (await Store.ListApiKeysAsync(projectId, Ct)).Select(k => k.Name));
        Assert.Null(await Store.FindApiKeyAsync(KeyHash.Of(ReadOnlyApiKey), Ct));
        Assert.NotNull(await Store.FindApiKeyAsync(KeyHash.Of(ApiKey), Ct));
    }

    [Fact]
    public async Task AddDataProtectionKeyAsync_KeepsFirstXml_WhenNameRepeats()
    {
        await Store.AddDataProtectionKeyAsync("key-b", "<key id='b'/>", T0, Ct);
        await Store.AddDataProtectionKeyAsync("key-a", "<key id='a'/>", T0.AddDays(1), Ct);
        await Store.AddDataProtectionKeyAsync("key-b", "<key id='b2'/>", T0.AddDays(2), Ct);

        Assert.Equal(["<key id='b'/>", "<key id='a'/>"], await Store.ListDataProtectionKeysAsync(Ct));
    }

    [Fact]
    public async Task RecordLoginFailureAsync_CountsUntilReset_ThenStartsAgain()
    {
        var one = await Store.RecordLoginFailureAsync("account:ops@example.com", T0, T0.AddHours(-1), Ct);
        var two = await Store.RecordLoginFailureAsync("account:ops@example.com", T0.AddMinutes(1), T0.AddHours(-1), Ct);
        var other = await Store.RecordLoginFailureAsync("address:10.0.0.1", T0, T0.AddHours(-1), Ct);
        var afterQuiet = await Store.RecordLoginFailureAsync("account:ops@example.com", T0.AddHours(3), T0.AddHours(2), Ct);

        Assert.Equal((1, 2, 1, 1), (one, two, other, afterQuiet));
        Assert.Equal(new LoginFailures(1, T0.AddHours(3)), await Store.GetLoginFailuresAsync("account:ops@example.com", Ct));
    }

    [Fact]
    public async Task ClearLoginFailuresAsync_ForgetsSubjectOnly()
    {
        await Store.RecordLoginFailureAsync("account:ops@example.com", T0, T0, Ct);
        await Store.RecordLoginFailureAsync("address:10.0.0.1", T0, T0, Ct);

        await Store.ClearLoginFailuresAsync("account:ops@example.com", Ct);

        Assert.Null(await Store.GetLoginFailuresAsync("account:ops@example.com", Ct));
        Assert.Equal(new LoginFailures(1, T0), await Store.GetLoginFailuresAsync("address:10.0.0.1", Ct));
    }
}
