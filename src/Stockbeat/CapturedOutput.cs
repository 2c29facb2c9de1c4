namespace Stockbeat;

/// <summary>
/// What <c>stockbeat run</c> sends of a command's output: the last 10 KB of stdout and stderr together, as they
/// arrived. stdout and stderr are two pipes, so a burst of stdout still queued in its pipe can arrive after the
/// stderr line that explains a failure and push it out of the tail; then the end of stderr is added after it.
/// </summary>
internal sealed class CapturedOutput(int capacity = OutputTail.DefaultCapacity, int errorCapacity = CapturedOutput.DefaultErrorCapacity)
{
    public const int DefaultErrorCapacity = 2 * 1024;
    public const string ErrorsHeading = "--- end of stderr ---";

    private readonly OutputTail _combined = new(capacity);
    private readonly OutputTail _errors = new(errorCapacity);
    private readonly Lock _lock = new();
    private long _errorsEndAt = -1;

    public void Append(ReadOnlySpan<byte> bytes, bool isError)
    {
        lock (_lock)
        {
            _combined.Append(bytes);
            if (isError)
            {
                _errors.Append(bytes);
                _errorsEndAt = _combined.Written;
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            var text = _combined.ToString();
            var errorsScrolledOut = _errorsEndAt >= 0 && _errorsEndAt <= _combined.Written - _combined.Capacity;
            return errorsScrolledOut ? $"{text}\n{ErrorsHeading}\n{_errors}" : text;
        }
    }
}
