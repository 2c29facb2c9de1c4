using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Schedules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stockbeat.Monitors;

/// <summary>
/// Reads a <c>stockbeat.yaml</c> into <see cref="Declarations"/>, with the server's defaults applied and every
/// value checked against the API's rules, so that a bad file fails before anything is changed.
/// </summary>
internal static partial class ConfigFileReader
{
    private const long MinSeconds = 60;
    private const long MaxSeconds = 31_536_000;

    /// <summary>Reads and checks the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigFileException">The file cannot be read or has errors.</exception>
    public static Declarations Read(string path, Func<string, string?> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException([$"{path}: cannot read the file: {e.Message}"]);
        }

        return Parse(text, path, environment);
    }

    /// <summary>Checks <paramref name="text"/>; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="ConfigFileException">The text has errors.</exception>
    public static Declarations Parse(string text, string file, Func<string, string?> environment)
    {
        var errors = new ConfigErrors(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigFileException([$"{file}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigFileException([$"{file}: expected a mapping with monitors, channels, policies and maintenance"]);
        }

        var top = new YamlFields(root, errors, "file", null, "version", "channels", "policies", "monitors", "maintenance");
        if (top.String("version") is { } version && version != "1")
        {
            top.Fail("version", $"must be 1 (got '{version}')");
        }

        var declarations = new Declarations(
            Unique(top.Mappings("channels").Select(n => ReadChannel(n, errors, environment)), errors),
            Unique(top.Mappings("policies").Select(n => ReadPolicy(n, errors, environment)), errors),
            Unique(top.Mappings("monitors").Select(n => ReadMonitor(n, errors)), errors),
            Unique(top.Mappings("maintenance").Select(n => ReadWindow(n, errors)), errors));
        CheckPolicies(declarations.Policies, errors);
        errors.ThrowIfAny();
        return declarations;
    }

    private static (MonitorDeclaration?, YamlFields) ReadMonitor(YamlMappingNode node, ConfigErrors errors)
    {
        var f = new YamlFields(node, errors, "monitor", "slug", "slug", "name", "tags", "desc", "timeout", "schedule", "tz", "grace",
            "max_runtime", "manual_resume", "methods", "channels", "policy", "depends_on", "velocity", "platform", "sku_count",
            "source", "destination", "kind", "error_threshold", "min_runtime", "min_events", "window", "active_hours", "rules");
        var slug = f.String("slug", required: true);
        if (slug is not null && !SlugPattern().IsMatch(slug))
        {
            f.Fail("slug", "must be lower-case letters, digits, '-' and '_'");
        }

        var tags = f.Words("tags");
        if (string.Join(' ', tags).Length > 500)
        {
            f.Fail("tags", "are longer than 500 characters");
        }

        var timeout = f.Duration("timeout", MinSeconds, MaxSeconds);
        var schedule = f.String("schedule");
        var tz = f.String("tz", 64);
        if (schedule is not null && timeout is not null)
        {
            f.Fail("timeout", "give either timeout or schedule, not both");
        }
        else if (schedule is not null && !CronSchedule.TryParse(schedule, tz ?? "UTC", out _, out var wrong))
        {
            f.Fail(wrong, wrong == "tz" ? $"'{tz}' is not an IANA time zone id such as Europe/Berlin" : $"'{schedule}' is not a 5-field cron expression");
        }
        else if (schedule is null && tz is not null && f.String("kind") != JobKinds.EventFlow)
        {
            f.Fail("tz", "only goes with schedule or kind: event_flow");
        }
        else if (tz is not null && !TimeZones.TryFind(tz, out _))
        {
            f.Fail("tz", $"'{tz}' is not an IANA time zone id such as Europe/Berlin");
        }

        var activeHours = f.String("active_hours", 11);
        if (activeHours is not null && !EventFlow.TryParseHours(activeHours, out _, out _))
        {
            f.Fail("active_hours", $"must be HH:MM-HH:MM, such as 08:00-22:00 (got '{activeHours}')");
        }

        var velocity = f.String("velocity");
        if (velocity is not null && !Velocity.Names.Contains(velocity))
        {
            f.Fail("velocity", $"must be one of {string.Join(", ", Velocity.Names)} (got '{velocity}')");
        }

        var platform = f.String("platform");
        if (platform is not null && PlatformProfile.Find(platform) is null)
        {
            f.Fail("platform", $"must be one of {string.Join(", ", PlatformProfile.BuiltIn.Select(p => p.Id))} (got '{platform}')");
        }

        var methods = f.String("methods") ?? "";
        if (methods is not ("" or "POST"))
        {
            f.Fail("methods", $"must be POST or left out (got '{methods}')");
        }

        var grace = f.Duration("grace", MinSeconds, MaxSeconds)
            ?? (velocity is not null ? (long?)Velocity.DefaultGrace(velocity)?.TotalSeconds : null) ?? 3_600;
        var dependsOn = f.Words("depends_on");
        if (slug is not null && dependsOn.Contains(slug))
        {
            f.Fail("depends_on", "a monitor cannot depend on itself");
        }

        var monitor = slug is null ? null : new MonitorDeclaration
        {
            Slug = slug,
            Name = f.String("name") ?? slug,
            Tags = tags,
            Desc = f.String("desc", 10_000) ?? "",
            Timeout = schedule is null ? timeout ?? 86_400 : null,
            Schedule = schedule,
            Tz = schedule is not null || f.String("kind") == JobKinds.EventFlow ? tz ?? "UTC" : null,
            Grace = grace,
            MaxRuntime = f.Duration("max_runtime", MinSeconds, MaxSeconds) ?? grace,
            ManualResume = f.Bool("manual_resume") ?? false,
            Methods = methods,
            Channels = f.Words("channels"),
            Policy = f.String("policy") is { Length: > 0 } policy ? policy : null,
            DependsOn = dependsOn,
            Velocity = velocity,
            Platform = platform,
            SkuCount = f.Number("sku_count", 0, 1_000_000_000),
            Source = f.String("source") is { Length: > 0 } source ? source : null,
            Destination = f.String("destination") is { Length: > 0 } destination ? destination : null,
            JobKind = JobKindOf(f),
            ErrorThreshold = f.Fraction("error_threshold") ?? 0.05,
            MinRuntime = f.Duration("min_runtime", 0, MaxSeconds) ?? 0,
            MinEvents = f.Number("min_events", 1, 1_000_000),
            Window = f.Duration("window", MinSeconds, MaxSeconds),
            ActiveHours = activeHours is { Length: > 0 } ? activeHours : null,
            Rules = f.Rules("rules"),
            Origin = f.Origin,
        };
        return (monitor, f);
    }

    private static string JobKindOf(YamlFields f)
    {
        var kind = f.String("kind") ?? JobKinds.Sync;
        if (!JobKinds.All.Contains(kind))
        {
            f.Fail("kind", $"must be one of {string.Join(", ", JobKinds.All)}");
        }

        return kind;
    }

    private static (ChannelDeclaration?, YamlFields) ReadChannel(YamlMappingNode node, ConfigErrors errors, Func<string, string?> environment)
    {
        var before = errors.Count;
        var f = new YamlFields(node, errors, "channel", "name", "name", "kind", "config");
        var name = f.String("name", required: true);
        if (name is "")
        {
            f.Fail("name", "must not be empty");
        }

        var kind = f.String("kind", required: true);
        if (kind is not null && !ChannelConfigs.Kinds.Contains(kind))
        {
            f.Fail("kind", $"must be one of {string.Join(", ", ChannelConfigs.Kinds)} (got '{kind}')");
            kind = null;
        }

        var config = f.Object("config", environment);
        if (config is null)
        {
            f.Fail("config", "is required");
        }

        if (name is not { Length: > 0 } || kind is null || config is null || errors.Count > before)
        {
            return (null, f);
        }

        if (!ChannelConfigs.TryNormalize(kind, config, out var normalized, out var error))
        {
            // The server's message names the field already ("config.url must be …").
            errors.Add(f.Node("config"), f.What, null, error);
            return (null, f);
        }

        return (new ChannelDeclaration { Name = name, ChannelKind = kind, Config = normalized, Origin = f.Origin }, f);
    }

    private static (PolicyDeclaration?, YamlFields) ReadPolicy(YamlMappingNode node, ConfigErrors errors, Func<string, string?> environment)
    {
        var f = new YamlFields(node, errors, "policy", "name", "name", "default", "repeat_every", "steps");
        var name = f.String("name", required: true);
        if (name is "")
        {
            f.Fail("name", "must not be empty");
        }

        var stepNodes = f.Mappings("steps");
        if (stepNodes.Count is < 1 or > 20)
        {
            f.Fail("steps", "must list 1 to 20 steps");
        }

        var steps = new List<PolicyStepDeclaration>();
        for (var i = 0; i < stepNodes.Count; i++)
        {
            var s = new YamlFields(stepNodes[i], errors, $"{f.What} steps[{i}]", null, "after", "channels", "kinds", "message", "action");
            var kinds = s.Words("kinds");
            foreach (var kind in kinds.Where(k => !ChannelConfigs.Kinds.Contains(k)))
            {
                s.Fail("kinds", $"'{kind}' is not a channel kind ({string.Join(", ", ChannelConfigs.Kinds)})");
            }

            var action = s.Object("action", environment) is { } raw ? CheckAction(raw, s, "action") : null;
            var step = new PolicyStepDeclaration(
                s.Duration("after", 0, MaxSeconds) ?? 0,
                s.Words("channels"),
                kinds,
                s.String("message", 1_000) is { Length: > 0 } message ? message : null,
                action);
            if (s.Node("after") is null)
            {
                s.Fail("after", "is required (0 fires the step at once)");
            }

            if (step.Channels.Count == 0 && step.Kinds.Count == 0 && step.Action is null)
            {
                s.Fail("channels", "the step notifies nobody: give channels, kinds or an action");
            }

            steps.Add(step);
        }

        var policy = name is not { Length: > 0 } ? null : new PolicyDeclaration
        {
            Name = name,
            Default = f.Bool("default") ?? false,
            RepeatEvery = f.Duration("repeat_every", 60, 604_800),
            // The server keeps steps sorted by their delay.
            Steps = [.. steps.OrderBy(s => s.After)],
            Origin = f.Origin,
        };
        return (policy, f);
    }

    private static JsonObject? CheckAction(JsonObject action, YamlFields step, string path)
    {
        string[] known = ["url", "method", "body", "headers", "undo"];
        foreach (var key in action.Select(p => p.Key).Where(k => !known.Contains(k)))
        {
            step.Fail("action", $"{path}.{key} is not a known field (expected one of: {string.Join(", ", known)})");
        }

        if (action["url"] is not JsonValue url || !Uri.TryCreate(url.ToString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            step.Fail("action", $"{path}.url must be an absolute http or https URL");
        }

        var method = action["method"]?.ToString().ToUpperInvariant() ?? "POST";
        if (method is not ("POST" or "PUT" or "GET"))
        {
            step.Fail("action", $"{path}.method must be POST, PUT or GET");
        }

        if (action["headers"] is { } headers && (headers is not JsonObject h || h.Any(p => p.Value is not JsonValue)))
        {
            step.Fail("action", $"{path}.headers must be a mapping of texts");
        }

        if (action["undo"] is JsonObject undo)
        {
            CheckAction(undo, step, path + ".undo");
        }

        return PolicyActions.Canonical(action);
    }

    private static (WindowDeclaration?, YamlFields) ReadWindow(YamlMappingNode node, ConfigErrors errors)
    {
        var f = new YamlFields(node, errors, "maintenance window", "name", "name", "monitors", "tags", "start", "end", "schedule", "tz", "duration");
        var name = f.String("name", required: true);
        var monitors = f.Words("monitors");
        var tags = f.Words("tags");
        if (monitors.Count == 0 && tags.Count == 0)
        {
            f.Fail("monitors", "a window must name monitors or tags");
        }

        var start = Time(f, "start");
        var end = Time(f, "end");
        var schedule = f.String("schedule");
        var tz = f.String("tz", 64);
        var duration = f.Duration("duration", 60, 604_800);
        if (f.Node("start") is not null || f.Node("end") is not null)
        {
            if (start is null || end is null || end <= start)
            {
                f.Fail("end", "a one-off window needs start and end, with end after start");
            }

            if (schedule is not null || duration is not null)
            {
                f.Fail("schedule", "give start and end, or schedule and duration, not both");
            }
        }
        else if (schedule is null || duration is null)
        {
            f.Fail(schedule is null ? "schedule" : "duration", "give start and end, or schedule (with tz) and duration");
        }
        else if (!CronSchedule.TryParse(schedule, tz ?? "UTC", out _, out var wrong))
        {
            f.Fail(wrong, wrong == "tz" ? $"'{tz}' is not an IANA time zone id such as Europe/Berlin" : $"'{schedule}' is not a 5-field cron expression");
        }

        var recurring = schedule is not null;
        var window = name is not { Length: > 0 } ? null : new WindowDeclaration
        {
            Name = name,
            Monitors = monitors,
            Tags = tags,
            Start = recurring ? null : start,
            End = recurring ? null : end,
            Schedule = schedule,
            Tz = recurring ? tz ?? "UTC" : null,
            Duration = recurring ? duration : null,
            Origin = f.Origin,
        };
        return (window, f);
    }

    private static DateTimeOffset? Time(YamlFields f, string key)
    {
        var text = f.String(key);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        f.Fail(key, $"must be a date and time such as 2026-12-05T22:00:00+01:00 (got '{text}')");
        return null;
    }

    private static List<T> Unique<T>(IEnumerable<(T?, YamlFields)> read, ConfigErrors errors) where T : class, IDeclaration
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var (declaration, fields) in read)
        {
            if (declaration is null)
            {
                continue;
            }

            if (!seen.TryAdd(declaration.Key, fields.Origin))
            {
                errors.Add(fields.Node(declaration is MonitorDeclaration ? "slug" : "name"), fields.What, null,
                    $"is declared twice (first at {seen[declaration.Key]})");
                continue;
            }

            result.Add(declaration);
        }

        return result;
    }

    private static void CheckPolicies(IReadOnlyList<PolicyDeclaration> policies, ConfigErrors errors)
    {
        var defaults = policies.Where(p => p.Default).Select(p => p.Name).ToList();
        if (defaults.Count > 1)
        {
            errors.Add(null, "policies", "default", $"only one policy can be the default (marked: {string.Join(", ", defaults)})");
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
