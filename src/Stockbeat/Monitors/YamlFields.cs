using System.Globalization;
using System.Text.Json.Nodes;
using Stockbeat.Core.Analysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stockbeat.Monitors;

/// <summary>
/// Reads the fields of one YAML mapping for one declared object, recording a precise error for each wrong or
/// unknown field instead of throwing, and remembering where the object starts.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly ConfigErrors _errors;

    /// <param name="what">The kind of object, e.g. <c>monitor</c>.</param>
    /// <param name="keyField">The field that names the object in messages (<c>slug</c>, <c>name</c>), if any.</param>
    public YamlFields(YamlMappingNode node, ConfigErrors errors, string what, string? keyField, params string[] known)
    {
        _node = node;
        _errors = errors;
        What = keyField is not null && Node(keyField) is YamlScalarNode { Value: { Length: > 0 } keyValue } ? $"{what} '{keyValue}'" : what;
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(key, What, name, $"unknown field (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>How errors name the object, e.g. <c>monitor 'erp-to-amazon'</c>.</summary>
    public string What { get; }

    /// <summary>Where the object starts: <c>stockbeat.yaml:12:5</c>.</summary>
    public string Origin => _errors.Where(_node);

    public YamlNode? Node(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public void Fail(string key, string message) => _errors.Add(Node(key) ?? _node, What, key, message);

    /// <summary>A string field; <c>null</c> when absent or empty-null (<c>~</c>).</summary>
    public string? String(string key, int maxLength = 100, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                _errors.Add(_node, What, key, "is required");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            _errors.Add(node, What, key, "must be a text, not a list or a mapping");
            return null;
        }

        var value = scalar.Value ?? "";
        if (value.Length > maxLength)
        {
            _errors.Add(node, What, key, $"is longer than {maxLength} characters");
            return null;
        }

        return value;
    }

    /// <summary>A duration (<c>15m</c>, <c>900</c>) from <paramref name="min"/> to <paramref name="max"/> seconds.</summary>
    public long? Duration(string key, long min, long max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!HumanDuration.TryParse(text, out var seconds) || seconds < min || seconds > max)
        {
            _errors.Add(Node(key), What, key, $"must be a duration from {HumanDuration.Format(min)} to {HumanDuration.Format(max)}, such as 90s, 15m, 2h or 1d (got '{text}')");
            return null;
        }

        return seconds;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        return text switch
        {
            null => null,
            "true" or "True" or "yes" => true,
            _ when IsFalse(text) => false,
            _ => Invalid<bool?>(key, $"must be true or false (got '{text}')"),
        };
    }

    public long? Number(string key, long min, long max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Invalid<long?>(key, $"must be a whole number from {min} to {max} (got '{text}')");
    }

    /// <summary>A share such as <c>0.05</c> or <c>5%</c>, from 0 to 1.</summary>
    public double? Fraction(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var percent = text.EndsWith('%');
        return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && (percent ? value / 100 : value) is var share and >= 0 and <= 1
            ? share
            : Invalid<double?>(key, $"must be a share from 0 to 1, such as 0.05 or 5% (got '{text}')");
    }

    /// <summary>A list of words: a YAML sequence, or one text separated by spaces or commas.</summary>
    public IReadOnlyList<string> Words(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return (scalar.Value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
            case YamlSequenceNode sequence:
                var words = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } word } && !word.Contains(' ', StringComparison.Ordinal))
                    {
                        words.Add(word);
                    }
                    else
                    {
                        _errors.Add(item, What, key, "items must be single words");
                    }
                }

                return words;
            default:
                _errors.Add(node, What, key, "must be a list");
                return [];
        }
    }

    /// <summary>A mapping field as JSON (strings, lists, mappings) with <c>${VAR}</c> expanded; null when absent.</summary>
    public JsonObject? Object(string key, Func<string, string?> environment)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode)
        {
            _errors.Add(node, What, key, "must be a mapping");
            return null;
        }

        return ToJson(node, key, environment) as JsonObject;
    }

    /// <summary>
    /// Analysis rule overrides: a mapping of rule to a threshold (a number) or <c>false</c> (switched off, null here),
    /// each checked against the rule's range. Empty when the field is left out.
    /// </summary>
    public IReadOnlyDictionary<string, double?> Rules(string key)
    {
        var node = Node(key);
        if (node is null || IsNull(node))
        {
            return new Dictionary<string, double?>();
        }

        if (node is not YamlMappingNode mapping)
        {
            Fail(key, "must be a mapping such as {failure_rate: 0.05, duration_variability: false}");
            return new Dictionary<string, double?>();
        }

        var rules = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, value) in mapping.Children)
        {
            var rule = (name as YamlScalarNode)?.Value ?? "";
            var text = (value as YamlScalarNode)?.Value ?? "";
            double? threshold = IsFalse(text)
                ? null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : double.NaN;
            var problem = threshold is double.NaN ? $"must be a number or false (got '{text}')"
                : RuleSettings.TryValidate(rule, threshold, out var invalid) ? null : invalid;
            if (problem is null)
            {
                rules[rule] = threshold;
            }
            else
            {
                _errors.Add(value, What, $"{key}.{rule}", problem);
            }
        }

        return rules;
    }

    /// <summary>The items of a list field that are mappings.</summary>
    public IReadOnlyList<YamlMappingNode> Mappings(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add(node, What, key, "must be a list");
            return [];
        }

        var items = new List<YamlMappingNode>();
        foreach (var item in sequence)
        {
            if (item is YamlMappingNode mapping)
            {
                items.Add(mapping);
            }
            else
            {
                _errors.Add(item, What, key, "items must be mappings");
            }
        }

        return items;
    }

    /// <summary>Whether a node is YAML's null: <c>~</c>, <c>null</c> or nothing, unquoted.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private JsonNode? ToJson(YamlNode node, string path, Func<string, string?> environment)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var json = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    json[name] = IsNull(value) ? null : ToJson(value, $"{path}.{name}", environment);
                }

                return json;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Select((item, i) => ToJson(item, $"{path}[{i}]", environment))]);
            case YamlScalarNode scalar:
                // Every config value the API takes is a string; "+15551234567" must stay one.
                var text = scalar.Value ?? "";
                if (!ChannelSecrets.TryExpand(text, environment, out var expanded, out var missing))
                {
                    _errors.Add(node, What, path, $"environment variable {missing} is not set");
                }

                return JsonValue.Create(expanded);
            default:
                return null;
        }
    }

    /// <summary>Whether a YAML scalar says false, as <see cref="Bool"/> reads it.</summary>
    private static bool IsFalse(string text) => text is "false" or "False" or "no";

    private T Invalid<T>(string key, string message)
    {
        Fail(key, message);
        return default!;
    }
}
