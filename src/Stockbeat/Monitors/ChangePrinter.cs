using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>Shows a <see cref="ChangeSet"/>: <c>+</c> create, <c>~</c> change (field old → new), <c>-</c> delete.</summary>
internal static class ChangePrinter
{
    public static string Symbol(ChangeAction action) => action switch
    {
        ChangeAction.Create => "+",
        ChangeAction.Update => "~",
        _ => "-",
    };

    /// <summary>One change: its header line, then one line per field.</summary>
    public static void Print(TextWriter output, Change change)
    {
        output.WriteLine($"{Symbol(change.Action)} {change.Declaration.Kind} {change.Declaration.Key}");
        foreach (var field in change.Fields)
        {
            output.WriteLine(change.Action == ChangeAction.Create
                ? $"    {field.Field}: {field.New}"
                : $"    {field.Field}: {field.Old} → {field.New}");
        }
    }

    /// <summary>The closing lines: the counts, and what the file leaves alone without --prune.</summary>
    public static void Summary(TextWriter output, ChangeSet changes, string file, bool applied)
    {
        foreach (var kept in changes.Unmanaged)
        {
            output.WriteLine($"  (kept) {kept.Kind} {kept.Key}: not in {file}; --prune would delete it");
        }

        if (changes.IsEmpty)
        {
            output.WriteLine($"No changes: the server already matches {file}.");
            return;
        }

        var counts = $"{changes.Count(ChangeAction.Create)} to create, {changes.Count(ChangeAction.Update)} to change, {changes.Count(ChangeAction.Delete)} to delete";
        output.WriteLine(applied
            ? $"Applied {file}: {changes.Count(ChangeAction.Create)} created, {changes.Count(ChangeAction.Update)} changed, {changes.Count(ChangeAction.Delete)} deleted."
            : $"Dry run: {counts}. Nothing was changed.");
    }

    /// <summary>The same as JSON, for scripts: <c>{"applied", "changes": [{"action", "kind", "key", "fields"}], "kept"}</c>.</summary>
    public static JsonObject ToJson(ChangeSet changes, bool applied) => new()
    {
        ["applied"] = applied,
        ["changes"] = new JsonArray([.. changes.Changes.Select(c => (JsonNode?)new JsonObject
        {
            ["action"] = c.Action.ToString().ToLowerInvariant(),
            ["kind"] = c.Declaration.Kind,
            ["key"] = c.Declaration.Key,
            ["fields"] = new JsonArray([.. c.Fields.Select(f => (JsonNode?)new JsonObject
            {
                ["field"] = f.Field,
                ["old"] = c.Action == ChangeAction.Create ? null : f.Old,
                ["new"] = f.New,
            })]),
        })]),
        ["kept"] = new JsonArray([.. changes.Unmanaged.Select(d => (JsonNode?)new JsonObject { ["kind"] = d.Kind, ["key"] = d.Key })]),
    };
}
