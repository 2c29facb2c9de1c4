using System.CommandLine;
using Stockbeat.Client;

namespace Stockbeat;

/// <summary>The options <c>run</c> and <c>ping</c> share: where the server is and how hard to try.</summary>
internal sealed class PingSettings
{
    public const string UrlVariable = "STOCKBEAT_URL";
    public const string PingKeyVariable = "STOCKBEAT_PING_KEY";

    private readonly Option<string?> _url = new("--url")
    {
        Description = $"The Stockbeat server's base URL, for monitors given by slug or uuid (default ${UrlVariable}).",
    };

    private readonly Option<string?> _pingKey = new("--ping-key")
    {
        Description = $"The project's ping key, for monitors given by slug (default ${PingKeyVariable}).",
    };

    private readonly Option<bool> _create = new("--create")
    {
        Description = "Create the monitor if its slug is unknown (?create=1).",
    };

    private readonly Option<int> _retries = new("--retries")
    {
        Description = "How many times a ping that failed (network error, timeout, 5xx, 429) is sent again, with backoff.",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<double> _timeout = new("--timeout")
    {
        Description = "Seconds one ping attempt may take.",
        DefaultValueFactory = _ => 10,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_pingKey);
        command.Options.Add(_create);
        command.Options.Add(_retries);
        command.Options.Add(_timeout);
        _retries.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 100)
            {
                r.AddError("--retries must be between 0 and 100.");
            }
        });
        _timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                r.AddError("--timeout must be more than 0 and at most 3600 seconds.");
            }
        });
    }

    /// <summary>
    /// A client for the options and environment; or a message naming the problem when the monitor reference or the
    /// settings are not usable (checked before anything runs).
    /// </summary>
    public (StockbeatClient? Client, string? Error) CreateClient(ParseResult result, string monitor, TextWriter log)
    {
        var url = result.GetValue(_url) ?? Environment.GetEnvironmentVariable(UrlVariable);
        Uri? server = null;
        if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out server))
        {
            return (null, $"'{url}' is not a server URL (--url or ${UrlVariable}), e.g. https://stockbeat.example.com.");
        }

        var pingKey = result.GetValue(_pingKey) ?? Environment.GetEnvironmentVariable(PingKeyVariable);
        try
        {
            var client = new StockbeatClient(new StockbeatClientOptions
            {
                ServerUrl = server,
                PingKey = string.IsNullOrWhiteSpace(pingKey) ? null : pingKey.Trim(),
                CreateMissingMonitors = result.GetValue(_create),
                Retries = result.GetValue(_retries),
                AttemptTimeout = TimeSpan.FromSeconds(result.GetValue(_timeout)),
                ErrorThreshold = null,
                Logger = new TextLogger(log),
            });
            client.PingUrl(monitor);
            return (client, null);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return (null, Explain(ex));
        }
    }

    private static string Explain(Exception ex) => ex.Message
        .Split(" (Parameter", 2)[0]
        .Replace("StockbeatClientOptions.ServerUrl", $"--url or ${UrlVariable}", StringComparison.Ordinal)
        .Replace("StockbeatClientOptions.PingKey", $"--ping-key or ${PingKeyVariable}", StringComparison.Ordinal)
        .Replace("ServerUrl", "The server URL", StringComparison.Ordinal)
        .Replace("PingKey", "The ping key", StringComparison.Ordinal);
}
