using Stockbeat.Core.Checks;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Overview;

/// <summary>How a monitor's state reads on screen: a colour, a symbol and a word, never colour alone.</summary>
internal static class StatusView
{
    /// <summary>The filterable status words, in the order the summary shows them.</summary>
    public static readonly string[] Words = ["down", "late", "running", "up", "new", "paused"];

    /// <summary>The word for a monitor at <paramref name="now"/>: a started run on a healthy monitor reads "running".</summary>
    public static string Word(Check check, DateTimeOffset now) => CheckRules.StatusAt(check, now) switch
    {
        ComputedStatus.Down => "down",
        ComputedStatus.Grace => "late",
        ComputedStatus.Paused => "paused",
        ComputedStatus.New when check.LastStart is not null => "running",
        ComputedStatus.New => "new",
        _ => check.LastStart is not null ? "running" : "up",
    };

    public static Markup Badge(string word) => H($"<span class=\"status s-{word}\"><span class=\"sym\" aria-hidden=\"true\">{Symbol(word)}</span> {word}</span>");

    /// <summary>An incident's escalation and acknowledgement in one line.</summary>
    public static Markup Incident(IncidentRecord incident)
    {
        var steps = incident.Policy.Steps.Count;
        var step = steps == 0 ? "no escalation steps" : $"step {Math.Min(incident.Step, steps)}/{steps}";
        var ack = incident.Acknowledged is not null
            ? H($"<span class=\"ack\">acknowledged{(incident.AcknowledgedBy is { } by ? $" by {by}" : "")}</span>")
            : H($"<span class=\"unack\">unacknowledged</span>");
        return H($"<a href=\"/incidents/{incident.Id}\">incident #{incident.Id}</a> · {incident.Reason.ToWire()} · {step} · {ack}");
    }

    private static string Symbol(string word) => word switch
    {
        "up" => "●",
        "down" => "▲",
        "late" => "◐",
        "running" => "▶",
        "paused" => "❚❚",
        _ => "○",
    };
}
