using System.Diagnostics;
using System.Globalization;

namespace Stockbeat.Scale;

/// <summary>Resident memory of a process, from <c>/proc/PID/status</c>.</summary>
/// <param name="RssKiB">VmRSS: resident now.</param>
/// <param name="PeakKiB">VmHWM: the highest resident size so far.</param>
internal sealed record Memory(long RssKiB, long PeakKiB)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RSS {RssKiB / 1024.0:0} MiB (peak {PeakKiB / 1024.0:0} MiB)");
}

/// <summary>The real <c>stockbeat serve</c> (Release build) as a child process, its output logged to a file.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Stopwatch _sinceStart;

    private ServerProcess(Process process, StreamWriter log, Stopwatch sinceStart, Uri url)
    {
        _process = process;
        _log = log;
        _sinceStart = sinceStart;
        Url = url;
    }

    public Uri Url { get; }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet stockbeat.dll serve</c> on the SQLite file in <paramref name="dataDirectory"/>.</summary>
    public static ServerProcess Start(string stockbeatDll, string dataDirectory, Uri url, string apiKey, IEnumerable<string> extraArgs, string logPath)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[stockbeatDll, "serve", "--urls", url.AbsoluteUri.TrimEnd('/'), "--data", dataDirectory, .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Stockbeat__Bootstrap__ApiKey"] = apiKey;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, log, clock, url);
    }

    /// <summary>Polls <c>GET /api/v3/status</c> until it answers 200; returns the time from process start.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var status = new Uri(Url, "/api/v3/status");
        while (_sinceStart.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"stockbeat serve exited with code {_process.ExitCode}; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(status, ct);
                if (response.IsSuccessStatusCode)
                {
                    return _sinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10, ct);
        }

        throw new TimeoutException($"stockbeat serve was not ready within {limit.TotalSeconds:0} s.");
    }

    public Memory ReadMemory()
    {
        long Field(string[] lines, string name) =>
            long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        return new Memory(Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    /// <summary>Stops the server with SIGTERM (a graceful shutdown), and kills it if it has not exited after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
