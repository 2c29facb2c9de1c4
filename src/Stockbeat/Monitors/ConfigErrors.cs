using YamlDotNet.RepresentationModel;

namespace Stockbeat.Monitors;

/// <summary>A config file that cannot be applied; each error names the file, the line, the object and the field.</summary>
internal sealed class ConfigFileException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Collects the problems of one file, so a user sees all of them at once instead of one per run.</summary>
internal sealed class ConfigErrors(string file)
{
    private readonly List<string> _errors = [];

    public string File { get; } = file;

    public bool Any => _errors.Count > 0;

    /// <summary>How many problems are recorded so far.</summary>
    public int Count => _errors.Count;

    /// <summary>Records a problem at <paramref name="node"/>: <c>stockbeat.yaml:12:5: monitor 'x': grace: …</c>.</summary>
    public void Add(YamlNode? node, string what, string? field, string message) =>
        _errors.Add($"{Where(node)}: {what}: {(field is null ? "" : field + ": ")}{message}");

    /// <summary>The file and line of <paramref name="node"/>, or just the file.</summary>
    public string Where(YamlNode? node) => node is null ? File : $"{File}:{node.Start.Line}:{node.Start.Column}";

    /// <summary>Throws with every recorded problem, if there is one.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ConfigFileException([.. _errors]);
        }
    }
}
