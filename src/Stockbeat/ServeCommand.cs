using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Stockbeat.Server.Hosting;

namespace Stockbeat;

/// <summary><c>stockbeat serve</c>: runs the server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Addresses to listen on, separated by ';' (default {StockbeatServer.DefaultUrls}).",
        };
        var data = new Option<string?>("--data")
        {
            Description = "Folder of the embedded SQLite database (default ./data).",
        };
        var database = new Option<string?>("--database")
        {
            Description = "Database connection string; 'Host=…;Database=…' selects PostgreSQL.",
        };
        var command = new Command("serve", "Run the Stockbeat server (ping API, management API, background workers).")
        {
            urls, data, database,
        };
        // Anything else is ASP.NET Core configuration, e.g. --Stockbeat:Ping:BodyLimit=20000.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, ct) =>
        {
            var args = new List<string>(result.UnmatchedTokens);
            AddSetting(args, "urls", result.GetValue(urls));
            AddSetting(args, "Stockbeat:DataDirectory", result.GetValue(data));
            AddSetting(args, "Stockbeat:Database", result.GetValue(database));
            var app = StockbeatServer.Build([.. args]);
            await app.PrepareAsync(ct);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static void AddSetting(List<string> args, string key, string? value)
    {
        if (value is not null)
        {
            args.Add($"--{key}={value}");
        }
    }
}
