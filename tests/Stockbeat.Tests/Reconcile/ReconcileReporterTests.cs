using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Stockbeat.Reconcile;
using Stockbeat.Testing;

namespace Stockbeat.Tests.Reconcile;

public sealed partial class ReconcileReporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAndFinish_SendTheSameRidAndTheReportAsJson_WhenThePeerAnswers200()
    {
        await using var peer = await WebhookPeer.StartAsync();
        using var http = new HttpClient();
        var reporter = new ReconcileReporter(http, TextWriter.Null, new InstantDelays());
        var url = new Uri($"{peer.Url}/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b");

        await reporter.StartAsync(url, Ct);
        await reporter.FinishAsync(url, failed: false, """{"total":3}""", Ct);
        await reporter.FinishAsync(url, failed: true, """{"total":4}""", Ct);

        Assert.Equal(
            [
                ("GET", "/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/start?rid=R", ""),
                ("POST", "/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b?rid=R", """{"total":3}"""),
                ("POST", "/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/fail?rid=R", """{"total":4}"""),
            ],
            peer.Requests.Select(r => (r.Method, Rid().Replace(r.Path, "rid=R"), r.Body)));
        Assert.Single(peer.Requests.Select(r => Rid().Match(r.Path).Value).Distinct());
        Assert.All(peer.Requests.Skip(1), r => Assert.Equal("application/json", r.Headers["Content-Type"]));
    }

    [Theory]
    [InlineData("http://h/ping/key/slug?create=1", "/start", "http://h/ping/key/slug/start?create=1&rid=R")]
    [InlineData("http://h/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/", "/fail", "http://h/ping/5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/fail?rid=R")]
    [InlineData("https://h:8443/base/ping/u", "", "https://h:8443/base/ping/u?rid=R")]
    public void PingUrl_AddsTheSuffixAndRidAndKeepsTheQuery_WhenGivenAPingUrl(string url, string suffix, string expected)
    {
        using var http = new HttpClient();
        var reporter = new ReconcileReporter(http, TextWriter.Null, TimeProvider.System);

        var ping = reporter.PingUrl(new Uri(url), suffix);

        Assert.Equal(expected, Rid().Replace(ping.ToString(), "rid=R"));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task FinishAsync_RetriesWithBackoffThenWarns_WhenThePeerKeepsFailing(int status)
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = status;
        using var http = new HttpClient();
        using var warnings = new StringWriter();
        var delays = new InstantDelays();
        var reporter = new ReconcileReporter(http, warnings, delays);

        await reporter.FinishAsync(new Uri($"{peer.Url}/ping/u"), failed: false, "{}", Ct);

        Assert.Equal(3, peer.Requests.Count);
        Assert.All(peer.Requests, r => Assert.Equal("{}", r.Body));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays.Requested);
        Assert.Matches(
            $@"^warning: the success ping to http://127\.0\.0\.1:\d+ failed: answered {status} .+ \(gave up after 3 attempts\); the reconciliation result is unchanged\n$",
            warnings.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task StartAsync_WarnsWithoutRetrying_WhenThePeerAnswers404()
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 404;
        using var http = new HttpClient();
        using var warnings = new StringWriter();
        var delays = new InstantDelays();
        var reporter = new ReconcileReporter(http, warnings, delays);

        await reporter.StartAsync(new Uri($"{peer.Url}/ping/u"), Ct);

        Assert.Single(peer.Requests);
        Assert.Empty(delays.Requested);
        Assert.Contains("warning: the start ping to http://127.0.0.1:", warnings.ToString(), StringComparison.Ordinal);
        Assert.Contains("failed: answered 404 Not Found;", warnings.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("rid=[0-9a-f-]{36}")]
    private static partial Regex Rid();

    /// <summary>A clock whose timers fire at once and remember what they were asked to wait.</summary>
    private sealed class InstantDelays : TimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> _requested = new();

        public IReadOnlyList<TimeSpan> Requested => [.. _requested];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _requested.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
