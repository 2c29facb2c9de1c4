using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stockbeat;

/// <summary>
/// Passes SIGINT and SIGTERM sent to <c>stockbeat run</c> on to the wrapped command, so that a supervisor stopping
/// the job stops the command, and stockbeat stays alive to report how it ended.
/// </summary>
internal static partial class ChildSignals
{
    // The same numbers on Linux and macOS; PosixSignal's own values are abstractions, not signal numbers.
    private const int SigInt = 2;
    private const int SigTerm = 15;

    public static IDisposable Forward(Process child)
    {
        if (OperatingSystem.IsWindows())
        {
            // Ctrl+C reaches every process of the console; there is no kill(2) to pass SIGTERM on with.
            return new Registrations([]);
        }

        return new Registrations(
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => PassOn(context, child, SigInt)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => PassOn(context, child, SigTerm)),
        ]);
    }

    private static void PassOn(PosixSignalContext context, Process child, int signal)
    {
        // Stay alive: the command decides how to end, and stockbeat reports its exit status.
        context.Cancel = true;
        if (!child.HasExited)
        {
            _ = Kill(child.Id, signal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private sealed class Registrations(IReadOnlyList<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
