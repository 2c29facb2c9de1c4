using System.CommandLine;

namespace Stockbeat.Monitors;

/// <summary><c>stockbeat monitors apply -f stockbeat.yaml [--dry-run] [--prune]</c>.</summary>
internal static class ApplyCommand
{
    /// <summary>The exit code of <c>--detailed-exitcode</c> when the file and the server differ(ed).</summary>
    public const int ChangesPending = 2;

    public static Option<string> FileOption() => new("--file", "-f")
    {
        Description = "The config file.",
        DefaultValueFactory = _ => "stockbeat.yaml",
    };

    public static Command Create()
    {
        var file = FileOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the changes without making them." };
        var prune = new Option<bool>("--prune") { Description = "Also delete server objects that the file does not declare." };
        var detailedExitCode = new Option<bool>("--detailed-exitcode")
        {
            Description = $"Exit with {ChangesPending} instead of 0 when there are changes (with --dry-run: the server has drifted from the file).",
        };
        var command = new Command("apply", "Make the server match a config file: create, change (and with --prune delete) monitors, channels, policies and maintenance windows.")
        {
            file, dryRun, prune, detailedExitCode,
        };
        command.SetAction((result, ct) => MonitorsCommand.RunAsync(result, async (client, output, token) =>
        {
            var path = result.GetValue(file)!;
            var isDryRun = result.GetValue(dryRun);
            var isPrune = result.GetValue(prune);
            var json = result.GetValue(MonitorsCommand.JsonOption);

            var desired = ConfigFileReader.Read(path, Environment.GetEnvironmentVariable);
            if (isPrune && desired.Channels.Count + desired.Policies.Count + desired.Monitors.Count + desired.Windows.Count == 0)
            {
                // Most likely the wrong file; deleting every monitor with its history is not undoable.
                throw new ConfigFileException([$"{path}: declares nothing, so --prune would delete everything on the server; refusing"]);
            }

            var server = await ServerState.LoadAsync(client, token);
            ReferenceCheck.ThrowIfBroken(path, desired, server, isPrune);
            var changes = ConfigDiff.Compute(desired, server.Current, isPrune);
            if (!json)
            {
                foreach (var warning in server.Warnings)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"stockbeat: warning: {warning}");
                }
            }

            var changed = result.GetValue(detailedExitCode) && !changes.IsEmpty ? ChangesPending : 0;
            if (isDryRun || changes.IsEmpty)
            {
                Report(output, changes, path, applied: false, json);
                return changed;
            }

            await new ConfigApplier(client, server, desired).ApplyAsync(changes, change =>
            {
                if (!json)
                {
                    ChangePrinter.Print(output, change);
                }
            }, token);
            if (json)
            {
                MonitorsCommand.WriteJson(output, ChangePrinter.ToJson(changes, applied: true));
            }
            else
            {
                ChangePrinter.Summary(output, changes, path, applied: true);
            }

            return changed;
        }, ct));
        return command;
    }

    private static void Report(TextWriter output, ChangeSet changes, string path, bool applied, bool json)
    {
        if (json)
        {
            MonitorsCommand.WriteJson(output, ChangePrinter.ToJson(changes, applied));
            return;
        }

        foreach (var change in changes.Changes)
        {
            ChangePrinter.Print(output, change);
        }

        ChangePrinter.Summary(output, changes, path, applied);
    }
}
