using System.Diagnostics;

namespace Stockbeat;

/// <summary>
/// The command <c>stockbeat run</c> wraps: started with stdin inherited, its stdout and stderr copied through as they
/// come while the last bytes are kept and report lines are read, and signals passed on.
/// </summary>
internal static class WrappedCommand
{
    /// <summary>How long to keep reading output after the command exited, for a background child that holds the pipes open.</summary>
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(5);

    /// <summary>Runs the command and returns its exit code.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The command could not be started.</exception>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, CapturedOutput output, ReportLines reports)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        using var signals = ChildSignals.Forward(process);
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, stdout, output, isError: false, new ReportLines.Splitter(reports)),
            PumpAsync(process.StandardError.BaseStream, stderr, output, isError: true, new ReportLines.Splitter(reports)));
        await process.WaitForExitAsync();
        await Task.WhenAny(pumps, Task.Delay(DrainAfterExit));
        return process.ExitCode;
    }

    private static async Task PumpAsync(Stream from, Stream to, CapturedOutput output, bool isError, ReportLines.Splitter lines)
    {
        var buffer = new byte[16 * 1024];
        var passThrough = true;
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            if (passThrough)
            {
                try
                {
                    await to.WriteAsync(buffer.AsMemory(0, read));
                    await to.FlushAsync();
                }
                catch (IOException)
                {
                    // Our own output was closed (e.g. `| head`): keep reading so that the command is not blocked.
                    passThrough = false;
                }
            }

            output.Append(buffer.AsSpan(0, read), isError);
            lines.Append(buffer.AsSpan(0, read));
        }

        lines.Complete();
    }
}
