using Microsoft.Extensions.Logging;

namespace Stockbeat;

/// <summary>
/// Writes the client's warnings and errors to stderr as plain lines, synchronously, so that nothing is lost
/// when the process exits right after the last ping.
/// </summary>
internal sealed class TextLogger(TextWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            lock (writer)
            {
                writer.WriteLine(formatter(state, exception));
                writer.Flush();
            }
        }
    }
}
