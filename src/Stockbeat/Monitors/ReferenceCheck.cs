namespace Stockbeat.Monitors;

/// <summary>
/// Checks that every name a file refers to (a monitor's channels, policy and upstream monitors, a policy's
/// channels, a window's monitors) is declared in the file, or exists on the server and stays there.
/// </summary>
internal static class ReferenceCheck
{
    /// <exception cref="ConfigFileException">A reference cannot be resolved; every such reference is named.</exception>
    public static void ThrowIfBroken(string file, Declarations desired, ServerState server, bool prune)
    {
        var errors = new List<string>();
        var available = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["channel"] = Keys(desired.Channels, server.Current.Channels, prune),
            ["policy"] = Keys(desired.Policies, server.Current.Policies, prune),
            ["monitor"] = Keys(desired.Monitors, server.Current.Monitors, prune),
        };

        void Check(IDeclaration owner, string field, string kind, IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                var where = $"{owner.Origin ?? file}: {owner.Kind} '{owner.Key}': {field}";
                if (server.Ambiguous.Contains((kind, name)))
                {
                    errors.Add($"{where}: several {kind}s on the server are called '{name}'; rename or delete all but one");
                }
                else if (!available[kind].Contains(name))
                {
                    errors.Add(prune && server.IdOf(kind, name) is not null
                        ? $"{where}: {kind} '{name}' is not in the file, so --prune would delete it"
                        : $"{where}: there is no {kind} '{name}' in the file or on the server");
                }
            }
        }

        foreach (var policy in desired.Policies)
        {
            for (var i = 0; i < policy.Steps.Count; i++)
            {
                Check(policy, $"steps[{i}].channels", "channel", policy.Steps[i].Channels);
            }
        }

        foreach (var monitor in desired.Monitors)
        {
            Check(monitor, "channels", "channel", monitor.Channels);
            Check(monitor, "policy", "policy", monitor.Policy is null ? [] : [monitor.Policy]);
            Check(monitor, "depends_on", "monitor", monitor.DependsOn);
        }

        foreach (var window in desired.Windows)
        {
            Check(window, "monitors", "monitor", window.Monitors);
        }

        foreach (var declaration in desired.Channels.Concat<IDeclaration>(desired.Policies).Concat(desired.Monitors).Concat(desired.Windows))
        {
            if (server.Ambiguous.Contains((declaration.Kind, declaration.Key)))
            {
                errors.Add($"{declaration.Origin ?? file}: {declaration.Kind} '{declaration.Key}': several {declaration.Kind}s on the server have this key; rename or delete all but one");
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigFileException(errors);
        }
    }

    private static HashSet<string> Keys(IEnumerable<IDeclaration> desired, IEnumerable<IDeclaration> current, bool prune) =>
        [.. desired.Select(d => d.Key).Concat(prune ? [] : current.Select(d => d.Key))];
}
