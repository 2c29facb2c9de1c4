using Stockbeat.Core.Checks;

namespace Stockbeat.Storage;

/// <summary>
/// The monitors as the ping writer last committed them, so that a ping need not read its monitor back: reading and
/// mapping the row cost more than the rest of the ping. An entry is never trusted blindly: the ping's state update
/// is conditional on the row's version, and any other change to a monitor (an edit, the sweep, a ping on another
/// node) moves the version on, so a stale entry fails that update and the ping is redone from the row.
/// </summary>
internal sealed class WrittenChecks(int capacity)
{
    private readonly BoundedUuidMap<Check> _checks = new(capacity);

    /// <summary>The monitor as last committed by the writer, if known.</summary>
    public bool TryGet(Guid uuid, out Check check) => _checks.TryGet(uuid, out check);

    /// <summary>
    /// Remembers monitors whose state a committed batch wrote. Only committed state is kept: a rolled-back batch's
    /// version could later be reached by a different change, and would then pass the version check.
    /// </summary>
    public void Remember(IEnumerable<Check> committed)
    {
        foreach (var check in committed)
        {
            _checks.Set(check.Uuid, check);
        }
    }

    /// <summary>Drops a monitor that turned out stale or was deleted (SQLite may reuse a deleted row's id).</summary>
    public void Forget(Guid uuid) => _checks.Remove(uuid);
}
