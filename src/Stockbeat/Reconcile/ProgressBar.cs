namespace Stockbeat.Reconcile;

/// <summary>A one-line progress bar on a terminal's stderr, redrawn at most a few times a second and erased at the end.</summary>
internal sealed class ProgressBar(TextWriter terminal, long totalBytes, TimeProvider time)
{
    private const int Width = 30;
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);

    private long _lastDraw = long.MinValue;

    /// <summary>Files at least this big (both together) get a progress bar; smaller ones finish before it helps.</summary>
    public const long MinimumBytes = 8L * 1024 * 1024;

    /// <summary>Draws <paramref name="done"/> bytes of the total, labelled with what is being read.</summary>
    public void Report(string label, long done)
    {
        var now = time.GetTimestamp();
        if (_lastDraw != long.MinValue && time.GetElapsedTime(_lastDraw, now) < RedrawEvery)
        {
            return;
        }

        _lastDraw = now;
        var fraction = totalBytes <= 0 ? 1 : Math.Clamp((double)done / totalBytes, 0, 1);
        var filled = (int)(fraction * Width);
        terminal.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {(int)(fraction * 100),3}% {label}\u001b[K");
        terminal.Flush();
    }

    /// <summary>Erases the bar.</summary>
    public void Clear()
    {
        if (_lastDraw != long.MinValue)
        {
            terminal.Write("\r\u001b[K");
            terminal.Flush();
        }
    }
}
