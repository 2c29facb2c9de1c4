using Stockbeat.Client;

namespace Stockbeat;

/// <summary>Reading a run report from a file (or <c>-</c> for stdin), with problems told as one clear sentence.</summary>
internal static class RunReportFile
{
    /// <summary>The report in <paramref name="path"/>, or the reason it cannot be used.</summary>
    /// <param name="notBefore">A file last written before this time is left from an earlier run and is not used.</param>
    public static (RunReport? Report, string? Problem) Read(string path, DateTimeOffset? notBefore = null)
    {
        string text;
        try
        {
            if (path == "-")
            {
                text = Console.In.ReadToEnd();
            }
            else
            {
                if (!File.Exists(path))
                {
                    return (null, $"no run report at '{path}'.");
                }

                if (notBefore is { } since && File.GetLastWriteTimeUtc(path) < since.UtcDateTime)
                {
                    return (null, $"ignored the run report '{path}': it was written before this run started.");
                }

                text = File.ReadAllText(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the run report '{path}': {ex.Message}");
        }

        try
        {
            return (RunReport.Parse(text), null);
        }
        catch (FormatException ex)
        {
            return (null, $"ignored the run report '{path}': {ex.Message}");
        }
    }
}
