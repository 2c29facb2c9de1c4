using System.CommandLine;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary><c>stockbeat monitors list|get|apply|export</c>: monitors and their setup, through the management API.</summary>
internal static class MonitorsCommand
{
    /// <summary>Prints JSON instead of text.</summary>
    public static Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print JSON instead of text.",
        Recursive = true,
    };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var command = new Command("monitors", "List monitors, or manage monitors, channels, policies and maintenance windows as code (stockbeat.yaml).")
        {
            ServerConnection.UrlOption,
            ServerConnection.ApiKeyOption,
            JsonOption,
        };
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(ApplyCommand.Create());
        command.Subcommands.Add(ExportCommand.Create());
        return command;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a client for the server the command line names. Problems a user can fix
    /// (a bad file, a refused key, an unreachable server) are printed as one clear message with exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult result, Func<ManagementClient, TextWriter, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            using var client = new ManagementClient(ServerConnection.From(result, Environment.GetEnvironmentVariable));
            return await body(client, output, ct);
        }
        catch (ConfigFileException e)
        {
            foreach (var line in e.Errors)
            {
                await error.WriteLineAsync(line);
            }

            await error.WriteLineAsync($"stockbeat: {e.Errors.Count} problem(s) in the file; nothing was changed.");
            return 1;
        }
        catch (ManagementApiException e)
        {
            await error.WriteLineAsync($"stockbeat: {e.Message}");
            return 1;
        }
    }

    /// <summary>Writes <paramref name="json"/> indented, non-ASCII as it is.</summary>
    public static void WriteJson(TextWriter output, JsonNode json) => output.WriteLine(json.ToJsonString(Indented));

    private static Command List()
    {
        var tag = new Option<string[]>("--tag") { Description = "Only monitors with this tag (repeat for several: all must match)." };
        var command = new Command("list", "List monitors: name, slug, status, schedule, last ping.") { tag };
        command.SetAction((result, ct) => RunAsync(result, async (client, output, token) =>
        {
            var query = string.Concat((result.GetValue(tag) ?? []).Select((t, i) => $"{(i == 0 ? "?" : "&")}tag={Uri.EscapeDataString(t)}"));
            var answer = await client.GetAsync("api/v3/checks/" + query, token);
            if (result.GetValue(JsonOption))
            {
                WriteJson(output, answer["checks"] ?? new JsonArray());
            }
            else
            {
                MonitorTable.PrintList(output, [.. (answer["checks"] as JsonArray ?? []).OfType<JsonObject>()]);
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Get()
    {
        var id = new Argument<string>("slug-or-uuid") { Description = "The monitor's slug or uuid." };
        var command = new Command("get", "Show one monitor.") { id };
        command.SetAction((result, ct) => RunAsync(result, async (client, output, token) =>
        {
            var key = result.GetValue(id)!.Trim();
            JsonObject check;
            if (Guid.TryParse(key, out var uuid))
            {
                try
                {
                    check = (await client.GetAsync($"api/v3/checks/{uuid}", token)).AsObject();
                }
                catch (ManagementApiException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    throw new ManagementApiException($"no monitor with uuid {uuid} in this project");
                }
            }
            else
            {
                var found = (await client.GetAsync($"api/v3/checks/?slug={Uri.EscapeDataString(key)}", token))["checks"] as JsonArray ?? [];
                check = found.Count switch
                {
                    0 => throw new ManagementApiException($"no monitor with slug '{key}'"),
                    1 => found[0]!.AsObject(),
                    _ => throw new ManagementApiException($"{found.Count} monitors have slug '{key}'; use the uuid"),
                };
            }

            if (result.GetValue(JsonOption))
            {
                WriteJson(output, check);
            }
            else
            {
                MonitorTable.PrintOne(output, check);
            }

            return 0;
        }, ct));
        return command;
    }
}
