using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Bench;

/// <summary>The monitors and pings the writer benchmarks store: daily monitors, pinged by curl over plain HTTP.</summary>
internal static class BenchMonitors
{
    /// <summary>Creates a project with <paramref name="count"/> monitors expected once a day; returns their uuids.</summary>
    public static async Task<Guid[]> SeedAsync(IStore store, int count, DateTimeOffset created)
    {
        var project = await store.CreateProjectAsync("bench", created, CancellationToken.None);
        var uuids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var check = await store.CreateCheckAsync(new Check
            {
                Uuid = Guid.NewGuid(),
                ProjectId = project,
                Name = $"sync {i}",
                Schedule = new SimpleSchedule(TimeSpan.FromDays(1)),
                Created = created,
            }, CancellationToken.None);
            uuids[i] = check.Uuid;
        }

        return uuids;
    }

    /// <summary>A bodiless <c>GET</c> ping of <paramref name="uuid"/> received at <paramref name="at"/>.</summary>
    public static PingSubmission Ping(Guid uuid, PingKind kind, Guid? rid, DateTimeOffset at) => new(
        new PingPath(new PingTarget.ByUuid(uuid), kind, null, false),
        Create: false, rid, RidInvalid: false, "GET", "127.0.0.1", "http", "curl/8.5.0", [], at);
}
