using System.CommandLine;

namespace Stockbeat.Monitors;

/// <summary><c>stockbeat monitors export [-o stockbeat.yaml]</c>: the server's setup as a file <c>apply</c> accepts.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Write the server's monitors, channels, policies and maintenance windows as a stockbeat.yaml. Secrets are written as ${STOCKBEAT_SECRET_…} references.")
        {
            output,
        };
        command.SetAction((result, ct) => MonitorsCommand.RunAsync(result, async (client, stdout, token) =>
        {
            var server = await ServerState.LoadAsync(client, token);
            var (yaml, secrets) = ConfigFileWriter.Write(server.Current);
            var error = result.InvocationConfiguration.Error;
            foreach (var warning in server.Warnings)
            {
                await error.WriteLineAsync($"stockbeat: warning: {warning}");
            }

            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, yaml, token);
                await error.WriteLineAsync($"Wrote {path}.");
            }
            else
            {
                await stdout.WriteAsync(yaml);
            }

            if (secrets.Count > 0)
            {
                await error.WriteLineAsync("The file refers to these secrets; set them in the environment before `stockbeat monitors apply`:");
                foreach (var (variable, _) in secrets)
                {
                    await error.WriteLineAsync($"  {variable}");
                }
            }

            return 0;
        }, ct));
        return command;
    }
}
