using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Stockbeat.Testing;

namespace Stockbeat.Tests;

/// <summary>
/// The real <c>stockbeat</c> executable, started as a child process exactly as a user starts it
/// (<c>stockbeat serve --urls … --data …</c>), with its output captured.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Url { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The server's process id (the <c>dotnet</c> host runs the app itself, no child process).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The exit code once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>stockbeat</c> with <paramref name="arguments"/> after <c>serve</c>; the URL and data folder are added.</summary>
    public static ServeProcess Start(string dataDirectory, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.ForChildProcess()}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stockbeat.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataDirectory);
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var serve = new ServeProcess(process, url);
        process.OutputDataReceived += (_, e) => serve.Append(e.Data);
        process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        process.Exited += (_, _) => serve._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return serve;
    }

    /// <summary>Waits until <c>/api/v3/status</c> answers OK, or fails with the process output.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!deadline.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"stockbeat exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await Client.GetAsync("api/v3/status", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // Polls a starting process, not a deadline of the code under test.
            await Task.WhenAny(_exited.Task, Task.Delay(100, deadline.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Assert.Fail($"stockbeat did not become ready in 60 s:\n{Output}");
    }

    /// <summary>Waits for the process to exit on its own (for start-up failures).</summary>
    public Task WaitForExitAsync() => _process.WaitForExitAsync(TestContext.Current.CancellationToken);

    /// <summary>A key printed in the start-up banner, e.g. "API key (read-write)".</summary>
    public string? PrintedKey(string label)
    {
        var match = Regex.Match(Output, Regex.Escape(label) + @":\s+(\S+)");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Stops the server the way an init system does (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
