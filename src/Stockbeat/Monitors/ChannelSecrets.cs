using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stockbeat.Alerts;

namespace Stockbeat.Monitors;

/// <summary>
/// Which config values are credentials, and how a file refers to them: <c>${ENV_VAR}</c> is replaced from the
/// environment when a file is read, and export writes such a reference instead of the value.
/// </summary>
internal static partial class ChannelSecrets
{
    /// <summary>Whether <paramref name="field"/> of a <paramref name="kind"/> channel config holds a credential.</summary>
    /// <remarks>A Slack, Teams or Discord webhook URL is itself the credential: anyone who has it can post.</remarks>
    public static bool IsSecret(string kind, string field) => (kind, field) switch
    {
        (ChannelKinds.Slack or ChannelKinds.Teams or ChannelKinds.Discord, "url") => true,
        (ChannelKinds.PagerDuty, "routing_key") => true,
        (ChannelKinds.Sms, "auth_token") => true,
        (ChannelKinds.Webhook, "headers") => true,
        _ => false,
    };

    /// <summary>Replaces every <c>${NAME}</c> with the environment variable; <c>$${</c> stands for a literal <c>${</c>.</summary>
    /// <param name="missing">The first variable that is not set.</param>
    public static bool TryExpand(string text, Func<string, string?> environment, out string expanded, [MaybeNullWhen(true)] out string missing)
    {
        string? unset = null;
        expanded = Reference().Replace(text, match =>
        {
            if (match.Value.StartsWith("$$", StringComparison.Ordinal))
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Value;
            var value = environment(name);
            unset ??= value is null ? name : null;
            return value ?? "";
        });
        missing = unset;
        return missing is null;
    }

    /// <summary>The reference export writes for a secret: <c>${STOCKBEAT_SECRET_OPS_SLACK_URL}</c>.</summary>
    public static string VariableFor(params string[] parts)
    {
        var name = new StringBuilder("STOCKBEAT_SECRET");
        foreach (var part in parts)
        {
            name.Append('_');
            foreach (var c in part)
            {
                name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
            }
        }

        return name.ToString();
    }

    /// <summary>A copy of an action (and its undo) with header values hidden, for printing.</summary>
    public static JsonObject MaskHeaders(JsonObject action)
    {
        var copy = action.DeepClone().AsObject();
        if (copy["headers"] is JsonObject headers)
        {
            foreach (var name in headers.Select(h => h.Key).ToList())
            {
                headers[name] = "(secret)";
            }
        }

        if (copy["undo"] is JsonObject undo)
        {
            copy["undo"] = MaskHeaders(undo);
        }

        return copy;
    }

    [GeneratedRegex(@"\$?\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
