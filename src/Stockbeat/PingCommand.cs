using System.CommandLine;
using Stockbeat.Client;

namespace Stockbeat;

/// <summary>
/// <c>stockbeat ping &lt;monitor&gt; [--start|--fail|--exit N|--log]</c>: sends one ping, as curl would, with retries.
/// Exits 0 when the server stored it, 1 when it did not, 2 for a usage problem.
/// </summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var monitor = new Argument<string>("monitor")
        {
            Description = "The monitor: a full ping URL, a uuid, or a slug (with --ping-key).",
        };
        var start = new Option<bool>("--start") { Description = "Send a start ping." };
        var fail = new Option<bool>("--fail") { Description = "Send a failure ping." };
        var log = new Option<bool>("--log") { Description = "Send a log ping (changes no state)." };
        var exit = new Option<int?>("--exit")
        {
            Description = "Send an exit status ping: 0 is success, 1-255 failure.",
            HelpName = "status",
        };
        var rid = new Option<string?>("--rid")
        {
            Description = "The run id (a uuid) that pairs a start with its finish. Without a value, a fresh one is made and printed.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "uuid",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Send a JSON run report from this file, or from stdin with '-'.",
            HelpName = "file|-",
        };
        var body = new Option<string?>("--body")
        {
            Description = "Send this text as the body (the report's log when there is a report).",
            HelpName = "text",
        };
        var settings = new PingSettings();
        var command = new Command("ping", "Send one ping (success unless another kind is given), with retries.")
        {
            monitor, start, fail, log, exit, rid, report, body,
        };
        settings.AddTo(command);
        command.Validators.Add(r =>
        {
            var kinds = new[] { r.GetValue(start), r.GetValue(fail), r.GetValue(log), r.GetValue(exit) is not null }.Count(k => k);
            if (kinds > 1)
            {
                r.AddError("Give at most one of --start, --fail, --log and --exit.");
            }

            if (r.GetValue(exit) is < 0 or > 255)
            {
                r.AddError("--exit must be between 0 and 255.");
            }

            if (r.GetValue(rid) is { } value && !Guid.TryParse(value, out _))
            {
                r.AddError($"--rid must be a uuid, not '{value}'.");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            var errors = Console.Error;
            var target = result.GetValue(monitor)!;
            var (client, problem) = settings.CreateClient(result, target, errors);
            if (client is null)
            {
                errors.WriteLine($"stockbeat ping: {problem}");
                return RunCommand.UsageError;
            }

            using (client)
            {
                var ping = result.GetValue(start) ? PingRequest.Start
                    : result.GetValue(fail) ? PingRequest.Fail
                    : result.GetValue(log) ? PingRequest.Log
                    : result.GetValue(exit) is { } status ? PingRequest.Exit(status)
                    : PingRequest.Success;
                if (result.GetResult(rid) is not null)
                {
                    var runId = result.GetValue(rid) is { } given ? Guid.Parse(given) : Guid.NewGuid();
                    ping = ping with { RunId = runId };
                    if (result.GetValue(rid) is null)
                    {
                        Console.Out.WriteLine(runId);
                    }
                }

                var text = result.GetValue(body);
                if (result.GetValue(report) is { } path)
                {
                    var (fromFile, fileProblem) = RunReportFile.Read(path);
                    if (fromFile is null)
                    {
                        errors.WriteLine($"stockbeat ping: {fileProblem}");
                        return RunCommand.UsageError;
                    }

                    fromFile.Log = text ?? fromFile.Log;
                    ping = ping with { Report = fromFile };
                }
                else
                {
                    ping = ping with { Body = text };
                }

                var sent = await client.PingAsync(target, ping, ct);
                return sent.Delivered ? 0 : 1;
            }
        });
        return command;
    }
}
