namespace Stockbeat.Monitors;

/// <summary>What applying a file does to one object.</summary>
internal enum ChangeAction
{
    Create,
    Update,
    Delete,
}

/// <summary>One field that differs: the server's value and the file's, as printed.</summary>
internal sealed record FieldChange(string Field, string Old, string New);

/// <summary>One object to create, change or delete, with the fields that differ.</summary>
/// <param name="Declaration">The file's object for create and update, the server's for delete.</param>
internal sealed record Change(ChangeAction Action, IDeclaration Declaration, IReadOnlyList<FieldChange> Fields)
{
    /// <summary>Whether field <paramref name="name"/> changes.</summary>
    public bool Touches(string name) => Fields.Any(f => f.Field == name);
}

/// <summary>The changes that make a server match a file, in the order they can be applied.</summary>
/// <param name="Unmanaged">Server objects the file does not declare, kept because the run does not prune.</param>
internal sealed record ChangeSet(IReadOnlyList<Change> Changes, IReadOnlyList<IDeclaration> Unmanaged)
{
    public bool IsEmpty => Changes.Count == 0;

    public int Count(ChangeAction action) => Changes.Count(c => c.Action == action);
}

/// <summary>The pure comparison of a file's declarations with a server's, field by field.</summary>
internal static class ConfigDiff
{
    /// <summary>
    /// Creates and updates come first, in dependency order (channels, policies, monitors, windows); deletes
    /// come last, in reverse order, so nothing is deleted while something still refers to it.
    /// </summary>
    public static ChangeSet Compute(Declarations desired, Declarations current, bool prune)
    {
        var changes = new List<Change>();
        var unmanaged = new List<IDeclaration>();
        var groups = new (IReadOnlyList<IDeclaration> Desired, IReadOnlyList<IDeclaration> Current)[]
        {
            (desired.Channels, current.Channels),
            (desired.Policies, current.Policies),
            (desired.Monitors, current.Monitors),
            (desired.Windows, current.Windows),
        };
        foreach (var (want, have) in groups)
        {
            var existing = have.ToDictionary(d => d.Key, StringComparer.Ordinal);
            foreach (var declaration in want)
            {
                if (!existing.TryGetValue(declaration.Key, out var old))
                {
                    changes.Add(new Change(ChangeAction.Create, declaration, [.. declaration.Fields()
                        .Where(f => f.Value is not ("" or "false")).Select(f => new FieldChange(f.Name, "", f.Display))]));
                }
                else if (Differences(old, declaration) is { Count: > 0 } fields)
                {
                    changes.Add(new Change(ChangeAction.Update, declaration, fields));
                }
            }
        }

        foreach (var (want, have) in groups.Reverse())
        {
            var declared = want.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var declaration in have.Where(d => !declared.Contains(d.Key)))
            {
                if (prune)
                {
                    changes.Add(new Change(ChangeAction.Delete, declaration, []));
                }
                else
                {
                    unmanaged.Add(declaration);
                }
            }
        }

        return new ChangeSet(changes, unmanaged);
    }

    /// <summary>The fields whose values differ; a field only one side has counts as empty on the other.</summary>
    public static List<FieldChange> Differences(IDeclaration old, IDeclaration @new)
    {
        var before = old.Fields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var after = @new.Fields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = after.Keys.Concat(before.Keys.Where(k => !after.ContainsKey(k))).ToList();
        var changes = new List<FieldChange>();
        foreach (var name in names)
        {
            var was = before.GetValueOrDefault(name);
            var will = after.GetValueOrDefault(name);
            if ((was?.Value ?? "") != (will?.Value ?? ""))
            {
                changes.Add(new FieldChange(name, Shown(was), Shown(will)));
            }
        }

        return changes;
    }

    private static string Shown(Field? field) => field is null || field.Value.Length == 0 ? "(none)" : field.Display;
}
