using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Stockbeat.Monitors;

/// <summary>
/// Writes <see cref="Declarations"/> as a <c>stockbeat.yaml</c> that <see cref="ConfigFileReader"/> reads back to
/// the same declarations. Secrets are written as <c>${STOCKBEAT_SECRET_…}</c> references, never in clear.
/// </summary>
internal static class ConfigFileWriter
{
    /// <summary>The file text, and the environment variables it refers to with the values they must hold.</summary>
    public static (string Yaml, IReadOnlyList<(string Variable, string Value)> Secrets) Write(Declarations declarations)
    {
        var secrets = new List<(string, string)>();
        var root = new YamlMappingNode { { "version", "1" } };
        if (declarations.Channels.Count > 0)
        {
            root.Add("channels", new YamlSequenceNode(declarations.Channels.Select(c => (YamlNode)Channel(c, secrets))));
        }

        if (declarations.Policies.Count > 0)
        {
            root.Add("policies", new YamlSequenceNode(declarations.Policies.Select(p => (YamlNode)Policy(p, secrets))));
        }

        if (declarations.Monitors.Count > 0)
        {
            root.Add("monitors", new YamlSequenceNode(declarations.Monitors.Select(m => (YamlNode)Monitor(m))));
        }

        if (declarations.Windows.Count > 0)
        {
            root.Add("maintenance", new YamlSequenceNode(declarations.Windows.Select(w => (YamlNode)Window(w))));
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...", which is valid but unusual in a hand-edited file.
        var yaml = writer.ToString().TrimEnd();
        if (yaml.EndsWith("...", StringComparison.Ordinal))
        {
            yaml = yaml[..^3].TrimEnd();
        }

        return ("# Written by `stockbeat monitors export`. Apply with `stockbeat monitors apply -f <file>`.\n" + yaml + "\n", secrets);
    }

    private static YamlMappingNode Monitor(MonitorDeclaration m)
    {
        var node = new YamlMappingNode { { "slug", Text(m.Slug) }, { "name", Text(m.Name) } };
        AddWords(node, "tags", m.Tags);
        AddText(node, "desc", m.Desc);
        if (m.Schedule is not null)
        {
            node.Add("schedule", Text(m.Schedule));
            node.Add("tz", Text(m.Tz ?? "UTC"));
        }
        else
        {
            node.Add("timeout", HumanDuration.Format(m.Timeout ?? 86_400));
            if (m.JobKind == Stockbeat.Core.Checks.JobKinds.EventFlow && m.Tz is { } zone && zone != "UTC")
            {
                node.Add("tz", Text(zone));
            }
        }

        node.Add("grace", HumanDuration.Format(m.Grace));
        if (m.MaxRuntime != m.Grace)
        {
            node.Add("max_runtime", HumanDuration.Format(m.MaxRuntime));
        }

        if (m.ManualResume)
        {
            node.Add("manual_resume", "true");
        }

        AddText(node, "methods", m.Methods);
        AddWords(node, "channels", m.Channels);
        AddText(node, "policy", m.Policy);
        AddWords(node, "depends_on", m.DependsOn);
        AddText(node, "velocity", m.Velocity);
        AddText(node, "platform", m.Platform);
        if (m.SkuCount is { } skus and > 0)
        {
            node.Add("sku_count", skus.ToString(CultureInfo.InvariantCulture));
        }

        AddText(node, "source", m.Source);
        AddText(node, "destination", m.Destination);
        if (m.JobKind != Stockbeat.Core.Checks.JobKinds.Sync)
        {
            node.Add("kind", m.JobKind);
        }

        if (m.ErrorThreshold != 0.05)
        {
            node.Add("error_threshold", m.ErrorThreshold.ToString("0.####", CultureInfo.InvariantCulture));
        }

        if (m.MinRuntime > 0)
        {
            node.Add("min_runtime", HumanDuration.Format(m.MinRuntime));
        }

        if (m.Rules.Count > 0)
        {
            var rules = new YamlMappingNode();
            foreach (var (rule, threshold) in m.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                rules.Add(rule, MonitorDeclaration.RuleValue(threshold));
            }

            node.Add("rules", rules);
        }

        if (m.JobKind == Stockbeat.Core.Checks.JobKinds.EventFlow)
        {
            node.Add("min_events", (m.MinEvents ?? 1).ToString(CultureInfo.InvariantCulture));
            node.Add("window", HumanDuration.Format(m.Window ?? 3_600));
            AddText(node, "active_hours", m.ActiveHours);
        }

        return node;
    }

    private static YamlMappingNode Channel(ChannelDeclaration c, List<(string, string)> secrets)
    {
        var config = new YamlMappingNode();
        foreach (var (field, value) in c.Config)
        {
            var secret = ChannelSecrets.IsSecret(c.ChannelKind, field);
            config.Add(field, Json(value, secret ? [c.Name, field] : null, secrets));
        }

        return new YamlMappingNode { { "name", Text(c.Name) }, { "kind", c.ChannelKind }, { "config", config } };
    }

    private static YamlMappingNode Policy(PolicyDeclaration p, List<(string, string)> secrets)
    {
        var node = new YamlMappingNode { { "name", Text(p.Name) } };
        if (p.Default)
        {
            node.Add("default", "true");
        }

        if (p.RepeatEvery is { } repeat)
        {
            node.Add("repeat_every", HumanDuration.Format(repeat));
        }

        var steps = new YamlSequenceNode();
        for (var i = 0; i < p.Steps.Count; i++)
        {
            var step = p.Steps[i];
            var s = new YamlMappingNode { { "after", HumanDuration.Format(step.After) } };
            AddWords(s, "channels", step.Channels);
            AddWords(s, "kinds", step.Kinds);
            AddText(s, "message", step.Message);
            if (step.Action is not null)
            {
                s.Add("action", Action(step.Action, ["policy", p.Name, $"step{i + 1}"], secrets));
            }

            steps.Add(s);
        }

        node.Add("steps", steps);
        return node;
    }

    private static YamlMappingNode Action(JsonObject action, string[] path, List<(string, string)> secrets)
    {
        var node = new YamlMappingNode();
        foreach (var (field, value) in action)
        {
            node.Add(field, field switch
            {
                "headers" => Json(value, [.. path, "headers"], secrets),
                "undo" => Action(value!.AsObject(), [.. path, "undo"], secrets),
                _ => Json(value, null, secrets),
            });
        }

        return node;
    }

    private static YamlMappingNode Window(WindowDeclaration w)
    {
        var node = new YamlMappingNode { { "name", Text(w.Name) } };
        AddWords(node, "monitors", w.Monitors);
        AddWords(node, "tags", w.Tags);
        if (w.Schedule is not null)
        {
            node.Add("schedule", Text(w.Schedule));
            node.Add("tz", Text(w.Tz ?? "UTC"));
            node.Add("duration", HumanDuration.Format(w.Duration ?? 0));
        }
        else
        {
            node.Add("start", WindowDeclaration.Time(w.Start));
            node.Add("end", WindowDeclaration.Time(w.End));
        }

        return node;
    }

    /// <summary>
    /// A config value. Strings pass through <c>${…}</c> expansion when read back, so a literal <c>${</c> is
    /// written as <c>$${</c>; under a secret path each string becomes a variable reference instead.
    /// </summary>
    private static YamlNode Json(JsonNode? value, string[]? secretPath, List<(string, string)> secrets)
    {
        switch (value)
        {
            case JsonObject obj:
                var mapping = new YamlMappingNode();
                foreach (var (key, item) in obj)
                {
                    mapping.Add(Text(key), Json(item, secretPath is null ? null : [.. secretPath, key], secrets));
                }

                return mapping;
            case JsonArray array:
                return new YamlSequenceNode(array.Select(item => Json(item, secretPath, secrets)));
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (secretPath is null)
                {
                    return Text(text.Replace("${", "$${", StringComparison.Ordinal));
                }

                var variable = ChannelSecrets.VariableFor(secretPath);
                secrets.Add((variable, text));
                return Text("${" + variable + "}");
            default:
                return new YamlScalarNode(value?.ToJsonString() ?? "~");
        }
    }

    private static void AddText(YamlMappingNode node, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            node.Add(key, Text(value));
        }
    }

    private static void AddWords(YamlMappingNode node, string key, IReadOnlyList<string> words)
    {
        if (words.Count > 0)
        {
            node.Add(key, new YamlSequenceNode(words.Select(w => (YamlNode)Text(w))) { Style = SequenceStyle.Flow });
        }
    }

    /// <summary>A text the reader reads back as the same text: quoted when YAML would read it as something else.</summary>
    private static YamlScalarNode Text(string value)
    {
        var plainIsSafe = value.Length > 0
            && !YamlFields.IsNull(new YamlScalarNode(value))
            && value is not ("true" or "false" or "True" or "False" or "yes" or "no")
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return new YamlScalarNode(value) { Style = plainIsSafe ? ScalarStyle.Any : ScalarStyle.DoubleQuoted };
    }
}
