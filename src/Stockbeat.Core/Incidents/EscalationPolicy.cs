namespace Stockbeat.Core.Incidents;

/// <summary>An automated action a step fires, such as turning on a storefront "limited availability" notice.</summary>
/// <param name="Url">Where the request goes.</param>
/// <param name="Method">POST, PUT or GET.</param>
/// <param name="Body">Request body (may use the webhook template variables).</param>
/// <param name="Undo">The request that reverses it, sent when the incident resolves.</param>
/// <param name="Headers">Request headers, such as the storefront API's token or a JSON content type.</param>
public sealed record EscalationAction(
    string Url, string Method, string? Body, EscalationAction? Undo, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>One step of an escalation policy.</summary>
/// <param name="After">How long after the incident opened the step fires.</param>
/// <param name="Channels">Channel ids (uuids) notified by this step.</param>
/// <param name="Kinds">
/// Channel kinds notified by this step, chosen among the channels assigned to the monitor (how the default
/// policy reaches "Slack first, then email, then SMS" without naming channels).
/// </param>
/// <param name="Message">Extra text for this step, e.g. "Consider pausing sales".</param>
/// <param name="Action">An automated action, if any.</param>
public sealed record EscalationStep(
    TimeSpan After, IReadOnlyList<Guid> Channels, IReadOnlyList<string> Kinds, string? Message, EscalationAction? Action);

/// <summary>An ordered list of steps, optionally repeating the last one while nobody acknowledges.</summary>
/// <param name="Steps">Steps ordered by <see cref="EscalationStep.After"/>.</param>
/// <param name="RepeatEvery">Repeat the last step this often after it fired; null for no repeat.</param>
public sealed record EscalationPolicy(IReadOnlyList<EscalationStep> Steps, TimeSpan? RepeatEvery)
{
    /// <summary>The policy used when a project has none: Slack at once, email at 15 min, SMS at 30, and at 60 min everyone is told to consider pausing sales.</summary>
    public static EscalationPolicy Default { get; } = new(
        [
            new EscalationStep(TimeSpan.Zero, [], ["slack", "teams", "discord", "webhook", "pagerduty"], null, null),
            new EscalationStep(TimeSpan.FromMinutes(15), [], ["email"], null, null),
            new EscalationStep(TimeSpan.FromMinutes(30), [], ["sms"], null, null),
            new EscalationStep(
                TimeSpan.FromMinutes(60), [], ["slack", "teams", "discord", "email", "sms"],
                "Still down after an hour: consider pausing sales on the affected channel to avoid overselling.", null),
        ],
        null);

    /// <summary>
    /// When step number <paramref name="fired"/> (0-based: how many steps have fired so far) is due, or null when
    /// no further step will fire.
    /// </summary>
    public DateTimeOffset? NextStepAt(DateTimeOffset opened, int fired)
    {
        if (Steps.Count == 0)
        {
            return null;
        }

        if (fired < Steps.Count)
        {
            return opened + Steps[fired].After;
        }

        if (RepeatEvery is not { } repeat)
        {
            return null;
        }

        var repeats = fired - Steps.Count + 1;
        return opened + Steps[^1].After + (repeat * repeats);
    }

    /// <summary>The step that fires as step number <paramref name="fired"/> (the last one again when repeating).</summary>
    public EscalationStep StepAt(int fired) => Steps[Math.Min(fired, Steps.Count - 1)];
}
