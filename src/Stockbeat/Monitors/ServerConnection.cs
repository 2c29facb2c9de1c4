using System.CommandLine;

namespace Stockbeat.Monitors;

/// <summary>Where the server is and the key to use: <c>--url</c>/<c>--api-key</c>, else the environment.</summary>
internal sealed record ServerConnection(string Url, string ApiKey)
{
    public const string UrlVariable = "STOCKBEAT_URL";
    public const string ApiKeyVariable = "STOCKBEAT_API_KEY";

    public static Option<string?> UrlOption { get; } = new("--url")
    {
        Description = $"Base URL of the Stockbeat server, e.g. http://127.0.0.1:8000 (default: ${UrlVariable}).",
        Recursive = true,
    };

    public static Option<string?> ApiKeyOption { get; } = new("--api-key")
    {
        Description = $"Management API key (default: ${ApiKeyVariable}).",
        Recursive = true,
    };

    /// <summary>The connection a command line asks for, or the reason there is none.</summary>
    public static ServerConnection From(ParseResult result, Func<string, string?> environment)
    {
        var url = result.GetValue(UrlOption) ?? environment(UrlVariable);
        var key = result.GetValue(ApiKeyOption) ?? environment(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ManagementApiException($"no server URL: give --url or set {UrlVariable}");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ManagementApiException($"'{url}' is not an http or https URL (from --url or {UrlVariable})");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ManagementApiException($"no API key: give --api-key or set {ApiKeyVariable}");
        }

        return new ServerConnection(url.TrimEnd('/'), key.Trim());
    }
}
