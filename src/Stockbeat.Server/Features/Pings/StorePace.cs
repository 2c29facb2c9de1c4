namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// The rate at which the database stores journaled pings, and a token bucket that lets the journal admit pings at
/// that rate. Without it a database that has fallen behind frees room a whole store batch at a time: the pings that
/// find the journal full wait for the entire commit while the others pass at once, which is the tail of the
/// latency. Paced, every ping waits about as long. Times are offsets on one monotonic clock, passed in.
/// </summary>
internal sealed class StorePace
{
    // Weight of the newest batch in the rate: a few batches follow a change in the load, one stall does not halve it.
    private const double NewestWeight = 0.3;

    // The most the bucket holds: admissions come in slices of about this much time, never in a burst of a batch.
    private static readonly TimeSpan MostSaved = TimeSpan.FromMilliseconds(2);

    // How far behind the journal the database may fall, in its own time: every read waits for that backlog, and a
    // restart stores it before serving. Half the journal's capacity holds several seconds of a fast database but
    // many more of a slow one (a large file, a slow disk).
    private static readonly TimeSpan MostLag = TimeSpan.FromSeconds(4);

    // The backlog is never paced below this: a rate measured on small batches is low (each commit has a fixed
    // cost), and pacing at it would never let a burst grow the batches that show the database's real rate.
    private const long LeastPacedBacklog = 10_000;

    private readonly Lock _lock = new();
    private double _perSecond;
    private double _tokens;
    private TimeSpan? _refilled;

    /// <summary>Pings stored per second, as recent batches went; zero until one has been stored.</summary>
    public double PerSecond
    {
        get
        {
            lock (_lock)
            {
                return _perSecond;
            }
        }
    }

    /// <summary>
    /// The backlog past which the journal admits pings at the database's pace: <paramref name="most"/> (half the
    /// journal's capacity), or less when that many would take the database longer than <see cref="MostLag"/> at its
    /// recent rate, but not below <see cref="LeastPacedBacklog"/>.
    /// </summary>
    public long PacedFrom(long most)
    {
        lock (_lock)
        {
            var lagging = _perSecond == 0 ? most : (long)(_perSecond * MostLag.TotalSeconds);
            return Math.Min(most, Math.Max(LeastPacedBacklog, lagging));
        }
    }

    /// <summary>Counts a batch of <paramref name="count"/> pings that took <paramref name="took"/> to store.</summary>
    public void Stored(int count, TimeSpan took)
    {
        if (count <= 0 || took <= TimeSpan.Zero)
        {
            return;
        }

        var rate = count / took.TotalSeconds;
        lock (_lock)
        {
            _perSecond = _perSecond == 0 ? rate : ((1 - NewestWeight) * _perSecond) + (NewestWeight * rate);
        }
    }

    /// <summary>
    /// How many of <paramref name="wanted"/> pings may be journaled at <paramref name="now"/>, at most; when none, how long
    /// until one may. Without a rate yet, all of them.
    /// </summary>
    public (int Admit, TimeSpan Wait) Allow(TimeSpan now, int wanted)
    {
        lock (_lock)
        {
            if (_perSecond == 0)
            {
                return (wanted, TimeSpan.Zero);
            }

            var saved = _perSecond * MostSaved.TotalSeconds;
            _tokens = Math.Min(Math.Max(saved, 1), _tokens + (_refilled is { } last ? (now - last).TotalSeconds * _perSecond : 0));
            _refilled = now;
            var admit = (int)Math.Min(wanted, Math.Floor(_tokens));
            if (admit > 0)
            {
                _tokens -= admit;
                return (admit, TimeSpan.Zero);
            }

            return (0, TimeSpan.FromSeconds((1 - _tokens) / _perSecond));
        }
    }

    /// <summary>Forgets saved admissions: the journal is not paced now, and pacing starts again from an empty bucket.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            _tokens = 0;
            _refilled = null;
        }
    }
}
