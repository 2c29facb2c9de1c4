using System.Net;
using Microsoft.Data.Sqlite;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Storage;
using Stockbeat.Storage.Journal;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>
/// The ping journal on SQLite: a ping is answered once journaled while the database is busy, whatever reads the
/// database waits for the pings answered before it, and journaled pings the database lacks are stored on start.
/// </summary>
public sealed class PingJournalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The database is held busy by an outside write lock: the first ping after it waits for the lock; the next one,
    // to a monitor already stored, is answered from the journal. A read of the monitor then waits for both.
    [Fact]
    public async Task Ping_IsAnsweredOnceJournaled_WhileTheDatabaseIsBusy_AndReadsWaitForIt()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        using (var stored = await host.Client.GetAsync($"ping/{uuid}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var backlog = host.Get<PingBacklog>();
        await using var writeLock = await HoldWriteLockAsync(host);

        var waiting = host.Client.GetAsync($"ping/{uuid}/start", Ct);
        await UntilAsync(() => backlog.Count == 1);
        using var journaled = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, journaled.StatusCode);
        Assert.Equal("OK", await journaled.Content.ReadAsStringAsync(Ct));
        Assert.False(waiting.IsCompleted, "the ping waiting for the database was answered");
        Assert.Equal(2, backlog.Count);

        var read = host.GetCheckAsync(uuid);
        await writeLock.DisposeAsync();

        Assert.Equal(3, (await read).GetProperty("n_pings").GetInt32());
        using var answered = await waiting;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(["success", "start", "success"], (await host.ListPingsAsync(uuid)).Select(p => p.GetProperty("type").GetString()));
    }

    // A load balancer's health check must not wait for a burst to be stored: the node is up and taking pings.
    [Fact]
    public async Task HealthCheck_AnswersAtOnce_WhileReadsWaitForTheBacklog()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var backlog = host.Get<PingBacklog>();
        await using var writeLock = await HoldWriteLockAsync(host);

        var waiting = host.Client.GetAsync($"ping/{uuid}", Ct);
        await UntilAsync(() => backlog.Count == 1);
        var read = host.Api.GetAsync($"api/v3/checks/{uuid}", Ct);
        using var health = await host.Client.GetAsync("api/v3/status", Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("OK", await health.Content.ReadAsStringAsync(Ct));
        Assert.False(read.IsCompleted, "the read did not wait for the ping in the backlog");
        await writeLock.DisposeAsync();
        using var answered = await waiting;
        using var caughtUp = await read;
        Assert.Equal(HttpStatusCode.OK, caughtUp.StatusCode);
    }

    // As after a kill: pings in the journal that never reached the database. Starting again stores them, once.
    [Fact]
    public async Task Start_StoresJournaledPingsTheDatabaseLacks_Once()
    {
        using var data = new TempDirectory();
        string uuid;
        string journalFolder;
        long applied;
        await using (var first = await StockbeatHost.StartAsync(dataDirectory: data.Path))
        {
            uuid = await CreateMonitorAsync(first);
            using var stored = await first.Client.GetAsync($"ping/{uuid}", Ct);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            journalFolder = first.Store.JournalFolder!;
            applied = await first.Store.GetJournalPositionAsync(Ct);
        }

        Assert.True(applied > 0, "the first ping's journal position was not recorded");
        using (var journal = PingJournal.Open(journalFolder, applied))
        {
            journal.Append([Journaled($"{uuid}/start"), Journaled($"{uuid}/1")]);
        }

        await using (var second = await StockbeatHost.StartAsync(dataDirectory: data.Path))
        {
            Assert.Equal(["fail", "start", "success"], (await second.ListPingsAsync(uuid)).Select(p => p.GetProperty("type").GetString()));
            Assert.Equal("down", (await second.GetCheckAsync(uuid)).GetProperty("status").GetString());
        }

        await using var third = await StockbeatHost.StartAsync(dataDirectory: data.Path);
        Assert.Equal(3, (await third.GetCheckAsync(uuid)).GetProperty("n_pings").GetInt32());
    }

    // Segments of one byte: every batch begins a new one, and the ones before it are deleted once their pings are
    // stored. Nothing is stored twice, or lost, across a restart.
    [Fact]
    public async Task Journal_DeletesSegmentsWhosePingsAreStored_AndARestartStoresNothingTwice()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string> { ["Stockbeat:Ping:JournalSegmentBytes"] = "1" };
        string uuid;
        string journalFolder;
        await using (var first = await StockbeatHost.StartAsync(settings: settings, dataDirectory: data.Path))
        {
            uuid = await CreateMonitorAsync(first);
            journalFolder = first.Store.JournalFolder!;
            foreach (var kind in new[] { "start", "log", "0", "start", "fail" })
            {
                using var answer = await first.Client.GetAsync($"ping/{uuid}/{kind}", Ct);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            Assert.Single(Directory.GetFiles(journalFolder));
        }

        await using var second = await StockbeatHost.StartAsync(settings: settings, dataDirectory: data.Path);
        Assert.Equal(
            ["fail", "start", "success", "log", "start"],
            (await second.ListPingsAsync(uuid)).Select(p => p.GetProperty("type").GetString()));
        Assert.Single(Directory.GetFiles(journalFolder));
    }

    private static PingSubmission Journaled(string path) =>
        PingSubmission.FromRequest(
            PingPathParser.Parse(path, out _)!, create: false, rid: null, ridInvalid: false, "GET", "203.0.113.7", "http", "cron",
            [], StockbeatHost.Epoch);

    // Holds SQLite's write lock from outside the server, as a long write would, until the connection is disposed.
    private static async Task<SqliteConnection> HoldWriteLockAsync(StockbeatHost host)
    {
        var connection = new SqliteConnection($"Data Source={Assert.IsType<SqliteStore>(host.Store).FilePath}");
        await connection.OpenAsync(Ct);
        connection.BeginTransaction(deferred: false);
        return connection;
    }

    // Waits for the server's writer to reach a state; the test's cancellation ends it if it never does.
    private static async Task UntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, Ct);
        }
    }
}
