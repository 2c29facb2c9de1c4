using System.CommandLine;
using System.ComponentModel;
using System.Text;
using Stockbeat.Client;

namespace Stockbeat;

/// <summary>
/// <c>stockbeat run &lt;monitor&gt; -- &lt;command…&gt;</c>: wraps a job. Sends a start ping, runs the command, and
/// sends its exit status with the end of its output and its run report. The job's exit code is always stockbeat's:
/// monitoring problems are printed, never turned into a failure of the job.
/// </summary>
internal static class RunCommand
{
    /// <summary>The exit code when the command cannot be started, as shells use.</summary>
    public const int NotStarted = 127;

    /// <summary>The exit code for a usage problem found before anything ran.</summary>
    public const int UsageError = 2;

    public static Command Create()
    {
        var monitor = new Argument<string>("monitor")
        {
            Description = "The monitor: a full ping URL, a uuid, or a slug (with --ping-key).",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        var report = new Option<string?>("--report")
        {
            Description = "A JSON run report file the command writes (its path is also in $STOCKBEAT_REPORT for the command).",
            HelpName = "file",
        };
        var settings = new PingSettings();
        var command = new Command(
            "run",
            "Run a command and report it to a monitor: start, exit status, the last 10 KB of output and a run report "
            + $"('{ReportLines.Prefix}total=1200 errors=3' lines or --report). Exits with the command's exit code.")
        {
            monitor, commandLine, report,
        };
        settings.AddTo(command);
        commandLine.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string[]>()?.FirstOrDefault()))
            {
                r.AddError("The command to run is empty.");
            }
        });
        report.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() == "-")
            {
                r.AddError("--report - (stdin) is for 'stockbeat ping': run passes its stdin to the command. Give a file.");
            }
        });
        command.SetAction(async (result, _) =>
            await RunAsync(result.GetValue(monitor)!, result.GetValue(commandLine)!, result.GetValue(report), settings, result));
        return command;
    }

    private static async Task<int> RunAsync(string monitor, string[] commandLine, string? reportPath, PingSettings settings, ParseResult result)
    {
        var errors = Console.Error;
        var (client, problem) = settings.CreateClient(result, monitor, errors);
        if (client is null)
        {
            errors.WriteLine($"stockbeat run: {problem}");
            return UsageError;
        }

        using (client)
        {
            var startedAt = DateTimeOffset.UtcNow;
            await using var run = await client.StartAsync(monitor, CancellationToken.None);
            // The start ping's answer told the client the server's body limit; keep that much output (at least the
            // default, which the client cuts to a smaller limit from the end, where the errors are).
            var output = new CapturedOutput(Math.Max(client.BodyLimit, OutputTail.DefaultCapacity));
            var lines = new ReportLines(errors);
            var environment = new Dictionary<string, string> { ["STOCKBEAT_RUN_ID"] = run.RunId.ToString() };
            if (reportPath is not null)
            {
                environment["STOCKBEAT_REPORT"] = Path.GetFullPath(reportPath);
            }

            int exitCode;
            try
            {
                exitCode = await WrappedCommand.RunAsync(commandLine, environment, output, lines);
            }
            catch (Win32Exception ex)
            {
                var message = $"stockbeat run: cannot start '{commandLine[0]}': {new Win32Exception(ex.NativeErrorCode).Message}";
                errors.WriteLine(message);
                output.Append(Encoding.UTF8.GetBytes(message), isError: true);
                exitCode = NotStarted;
            }

            run.Report(lines.Report);
            if (reportPath is not null)
            {
                var (fromFile, fileProblem) = RunReportFile.Read(reportPath, startedAt.AddSeconds(-1));
                if (fromFile is not null)
                {
                    run.Report(fromFile);
                }
                else
                {
                    errors.WriteLine($"stockbeat run: {fileProblem}");
                }
            }

            // The output's end explains the run; a log the report carried goes first.
            var tail = output.ToString();
            run.Log = string.IsNullOrEmpty(run.Log) ? tail : $"{run.Log}\n{tail}";
            await run.ExitAsync(exitCode is >= 0 and <= 255 ? exitCode : 1, CancellationToken.None);
            return exitCode;
        }
    }
}
