using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stockbeat.LoadGen;

/// <summary>Runs one load test: closed loop or fixed rate, over kept-alive or per-request connections.</summary>
internal sealed class LoadRunner(LoadOptions options, IPEndPoint endpoint, IReadOnlyList<string> paths)
{
    private readonly byte[][] _requests = [.. paths.Select(p => BuildRequest(options.Method, endpoint, p))];
    private long _issued;

    public async Task<Summary> RunAsync()
    {
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var warmupEnd = start + (long)(options.Warmup.TotalSeconds * frequency);
        var end = options.Requests > 0 ? long.MaxValue : start + (long)(options.Duration.TotalSeconds * frequency);
        var period = options.Rate > 0 ? frequency / options.Rate : 0;
        using var stop = new CancellationTokenSource();
        if (options.Requests == 0)
        {
            // Whatever is still outstanding 10 s after the end is abandoned (and not counted).
            stop.CancelAfter(options.Duration + TimeSpan.FromSeconds(10));
        }

        var recorders = Enumerable.Range(0, options.Connections).Select(_ => new LatencyRecorder()).ToArray();
        var workers = recorders.Select((r, i) => Task.Run(() => WorkerAsync(i, r, start, warmupEnd, end, period, stop.Token))).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var measured = options.Requests > 0 ? elapsed - options.Warmup : options.Duration - options.Warmup;
        return LatencyRecorder.Merge(recorders, measured);
    }

    private static byte[] BuildRequest(string method, IPEndPoint endpoint, string path)
    {
        var body = method == "POST" ? "Content-Length: 0\r\n" : "";
        return Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {endpoint}\r\nUser-Agent: stockbeat-loadgen\r\n{body}\r\n");
    }

    private async Task WorkerAsync(
        int id, LatencyRecorder recorder, long start, long warmupEnd, long end, double period, CancellationToken ct)
    {
        var random = new Random(options.Seed * 7919 + id);
        HttpConnection? connection = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                long intended;
                if (period > 0)
                {
                    // Open loop: request i is due at start + i·period whether or not the server kept up.
                    var i = Interlocked.Increment(ref _issued) - 1;
                    intended = start + (long)(i * period);
                    if ((options.Requests > 0 && i >= options.Requests) || intended >= end)
                    {
                        break;
                    }

                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, ct);
                    }
                }
                else
                {
                    if (options.Requests > 0 && Interlocked.Increment(ref _issued) > options.Requests)
                    {
                        break;
                    }

                    intended = Stopwatch.GetTimestamp();
                    if (intended >= end)
                    {
                        break;
                    }
                }

                var request = _requests[random.Next(_requests.Length)];
                string outcome;
                try
                {
                    if (connection is null || connection.Closed)
                    {
                        if (connection is not null)
                        {
                            await connection.DisposeAsync();
                        }

                        connection = await HttpConnection.OpenAsync(endpoint, ct);
                    }

                    outcome = StatusText(await connection.SendAsync(request, ct));
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
                {
                    outcome = e is SocketException s ? $"socket {s.SocketErrorCode}" : e.GetType().Name;
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }

                if (options.NewConnection && connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                if (intended >= warmupEnd)
                {
                    recorder.Record(Stopwatch.GetTimestamp() - intended, outcome);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run's hard stop.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static string StatusText(int status) => status switch
    {
        200 => "200",
        201 => "201",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
