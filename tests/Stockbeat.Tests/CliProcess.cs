using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Stockbeat.Tests;

/// <summary>What one run of the <c>stockbeat</c> executable printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// The real <c>stockbeat</c> executable run as a CLI command (<c>run</c>, <c>ping</c>, …) in a child process, with its
/// stdout and stderr captured apart, optional stdin, and an environment free of the caller's STOCKBEAT_* variables.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    private CliProcess(Process process) => _process = process;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Runs <c>stockbeat <paramref name="arguments"/></c> to its end.</summary>
    public static async Task<CliProcess> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var cli = Start(arguments, environment, stdin);
        await cli.WaitForExitAsync();
        return cli;
    }

    /// <summary>Runs <c>stockbeat <paramref name="arguments"/></c> to its end, as a cron job does: no stdin, no terminal.</summary>
    public static Task<CliResult> ExecAsync(params string[] arguments) =>
        ExecInAsync(Environment.CurrentDirectory, null, arguments);

    /// <summary>Runs <c>stockbeat <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> to its end.</summary>
    public static async Task<CliResult> ExecInAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var cli = Start(arguments, environment, stdin: null, workingDirectory);
        await cli.WaitForExitAsync();
        return new CliResult(cli.ExitCode, cli.Stdout, cli.Stderr);
    }

    /// <summary>Starts <c>stockbeat <paramref name="arguments"/></c>; the caller waits for it.</summary>
    public static CliProcess Start(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stockbeat.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("STOCKBEAT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var cli = new CliProcess(new Process { StartInfo = info });
        cli._process.OutputDataReceived += (_, e) => cli.Append(cli._stdout, e.Data);
        cli._process.ErrorDataReceived += (_, e) => cli.Append(cli._stderr, e.Data);
        cli._process.Start();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        if (stdin is not null)
        {
            cli._process.StandardInput.Write(stdin);
        }

        cli._process.StandardInput.Close();
        return cli;
    }

    /// <summary>Waits until stdout or stderr has shown <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal) || _stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            _waits.Add((text, seen));
        }

        return seen.Task.WaitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. TERM, INT) to the stockbeat process, as a supervisor does.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public async Task WaitForExitAsync()
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // The exit can be seen before the last output line has been handed over.
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            output.AppendLine(line);
            foreach (var wait in _waits.Where(w => output.ToString().Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                wait.Seen.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }
}
