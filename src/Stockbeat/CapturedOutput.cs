using System.Text;

namespace Stockbeat;

/// <summary>
/// What <c>stockbeat run</c> sends of a command's output: the last 10 000 bytes of stdout and stderr together, as they
/// arrived. stdout and stderr are two pipes, so a burst of stdout still queued in its pipe can arrive after the
/// stderr line that explains a failure and push it out of the tail; then the end of stderr is added after it, in place of the oldest output.
/// </summary>
internal sealed class CapturedOutput(int capacity = OutputTail.DefaultCapacity, int errorCapacity = CapturedOutput.DefaultErrorCapacity)
{
    public const int DefaultErrorCapacity = 2 * 1024;
    public const string ErrorsHeading = "--- end of stderr ---";

    private readonly OutputTail _combined = new(capacity);
    private readonly OutputTail _errors = new(errorCapacity);
    private readonly Lock _lock = new();
    private long _errorsBeganAt = -1;

    public void Append(ReadOnlySpan<byte> bytes, bool isError)
    {
        lock (_lock)
        {
            if (isError)
            {
                _errors.Append(bytes);
                _errorsBeganAt = _combined.Written;
            }

            _combined.Append(bytes);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            // Where the last stderr write began, not ended: one that straddles the tail's start has lost its beginning.
            var errorsScrolledOut = _errorsBeganAt >= 0 && _errorsBeganAt < _combined.Written - _combined.Capacity;
            if (!errorsScrolledOut)
            {
                return _combined.ToString();
            }

            // The whole stays within the capacity, so that a server that cuts long bodies does not cut the errors off.
            var errors = $"\n{ErrorsHeading}\n{_errors}";
            return _combined.Last(_combined.Capacity - Encoding.UTF8.GetByteCount(errors)) + errors;
        }
    }
}
