using System.Text;
using Stockbeat.Core.Pings;
using Stockbeat.Storage.Journal;
using Stockbeat.Testing;

namespace Stockbeat.Storage.Tests;

/// <summary>The ping journal's files: what is appended reads back whole, across reopening, torn writes and segments.</summary>
public sealed class PingJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    private string Folder => Path.Combine(_directory.Path, "journal");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Every_field_of_a_ping_reads_back_after_reopening()
    {
        var report = Encoding.UTF8.GetBytes("""{"synced": 120, "errors": 1}""");
        PingSubmission[] pings =
        [
            Ping(new PingTarget.ByUuid(Guid.NewGuid()), PingKind.Fail, exitStatus: 3, rid: Guid.NewGuid(), body: report),
            Ping(new PingTarget.BySlug("pingkey-0123456789", "erp-sync"), PingKind.Start, create: true),
            Ping(new PingTarget.ByUuid(Guid.NewGuid()), PingKind.Success, exitStatus: 256, outOfRange: true, ridInvalid: true),
        ];
        long[] ends;
        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            ends = journal.Append(pings);
        }

        using var reopened = PingJournal.Open(Folder, appliedThrough: 0);
        var read = reopened.ReadAfter(0).ToList();

        Assert.Equal(ends, read.Select(r => r.End));
        Assert.Equal(ends[^1], reopened.End);
        for (var i = 0; i < pings.Length; i++)
        {
            AssertSamePing(pings[i], read[i].Ping);
        }

        // The report is read again from the body, as on receipt.
        Assert.Equal(120, read[0].Ping.Report!["synced"]);
        Assert.Equal(1, read[0].Ping.Report!["errors"]);
    }

    [Fact]
    public void Reading_after_a_position_skips_the_pings_before_it()
    {
        using var journal = PingJournal.Open(Folder, appliedThrough: 0);
        var first = journal.Append([Ping(PingKind.Start), Ping(PingKind.Success)]);
        var second = journal.Append([Ping(PingKind.Log)]);

        Assert.Equal([first[1], second[0]], journal.ReadAfter(first[0]).Select(r => r.End));
        Assert.Equal([PingKind.Log], journal.ReadAfter(first[1]).Select(r => r.Ping.Path.Kind));
        Assert.Empty(journal.ReadAfter(second[0]));
    }

    [Fact]
    public void A_write_torn_by_a_crash_is_cut_off_and_later_batches_read_back()
    {
        string segment;
        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            journal.Append([Ping(PingKind.Start)]);
            segment = Assert.Single(Directory.GetFiles(Folder));
        }

        // Half a record: a header announcing 200 bytes and 20 of them, as a crash mid-write leaves it.
        var whole = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write([200, 0, 0, 0, 1, 2, 3, 4]);
            file.Write(new byte[20]);
        }

        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            Assert.Equal(whole, journal.End);
            journal.Append([Ping(PingKind.Success)]);
        }

        using var reopened = PingJournal.Open(Folder, appliedThrough: 0);
        Assert.Equal([PingKind.Start, PingKind.Success], reopened.ReadAfter(0).Select(r => r.Ping.Path.Kind));
    }

    [Fact]
    public void A_record_whose_checksum_fails_ends_the_readable_journal()
    {
        string segment;
        long firstEnd;
        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            firstEnd = journal.Append([Ping(PingKind.Start)])[0];
            journal.Append([Ping(PingKind.Success)]);
            segment = Assert.Single(Directory.GetFiles(Folder));
        }

        // One flipped bit in the second record's user agent.
        var bytes = File.ReadAllBytes(segment);
        bytes[^30] ^= 0x10;
        File.WriteAllBytes(segment, bytes);

        using var reopened = PingJournal.Open(Folder, appliedThrough: 0);
        Assert.Equal([PingKind.Start], reopened.ReadAfter(0).Select(r => r.Ping.Path.Kind));
        Assert.Equal(firstEnd, reopened.End);
    }

    [Fact]
    public void Positions_the_database_applied_are_not_reused_when_the_journal_files_are_gone()
    {
        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            journal.Append([Ping(PingKind.Start), Ping(PingKind.Success)]);
        }

        Directory.Delete(Folder, recursive: true);
        using var fresh = PingJournal.Open(Folder, appliedThrough: 5_000);

        Assert.Equal(5_000, fresh.End);
        var end = Assert.Single(fresh.Append([Ping(PingKind.Log)]));
        Assert.True(end > 5_000);
        Assert.Equal([end], fresh.ReadAfter(5_000).Select(r => r.End));
    }

    [Fact]
    public void Full_segments_are_closed_and_deleted_once_applied_never_the_open_one()
    {
        using var journal = PingJournal.Open(Folder, appliedThrough: 0, segmentBytes: 1);
        var first = journal.Append([Ping(PingKind.Start)])[0];
        var second = journal.Append([Ping(PingKind.Success)])[0];
        var third = journal.Append([Ping(PingKind.Log)])[0];
        Assert.Equal(3, Directory.GetFiles(Folder).Length);
        Assert.Equal([first, second, third], journal.ReadAfter(0).Select(r => r.End));

        Assert.False(journal.HasSegmentsThrough(first - 1));
        Assert.True(journal.HasSegmentsThrough(first));
        journal.DeleteThrough(second);

        Assert.Single(Directory.GetFiles(Folder));
        Assert.Equal([third], journal.ReadAfter(second).Select(r => r.End));
        journal.DeleteThrough(third);
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Fact]
    public void Reopening_a_journal_that_ends_before_the_applied_position_starts_a_new_segment_there()
    {
        using (var journal = PingJournal.Open(Folder, appliedThrough: 0))
        {
            journal.Append([Ping(PingKind.Start)]);
        }

        using var reopened = PingJournal.Open(Folder, appliedThrough: 1_000_000);
        var end = Assert.Single(reopened.Append([Ping(PingKind.Success)]));

        Assert.Equal(2, Directory.GetFiles(Folder).Length);
        Assert.Equal([(PingKind.Success, end)], reopened.ReadAfter(1_000_000).Select(r => (r.Ping.Path.Kind, r.End)));
        reopened.DeleteThrough(end);
        Assert.Single(Directory.GetFiles(Folder));
    }

    private static PingSubmission Ping(PingKind kind) => Ping(new PingTarget.ByUuid(Guid.NewGuid()), kind);

    private static PingSubmission Ping(
        PingTarget target, PingKind kind, int? exitStatus = null, bool outOfRange = false, bool create = false, Guid? rid = null,
        bool ridInvalid = false, byte[]? body = null) =>
        PingSubmission.FromRequest(
            new PingPath(target, kind, exitStatus, outOfRange), create, rid, ridInvalid, "POST", "203.0.113.7", "https",
            "curl/8.5.0 (x86_64-pc-linux-gnu)", body ?? [], T0.AddMilliseconds(1234));

    private static void AssertSamePing(PingSubmission expected, PingSubmission actual)
    {
        Assert.Equal(expected.Path, actual.Path);
        Assert.Equal(expected.Create, actual.Create);
        Assert.Equal(expected.Rid, actual.Rid);
        Assert.Equal(expected.RidInvalid, actual.RidInvalid);
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.RemoteAddress, actual.RemoteAddress);
        Assert.Equal(expected.Scheme, actual.Scheme);
        Assert.Equal(expected.UserAgent, actual.UserAgent);
        Assert.Equal(expected.Body, actual.Body);
        Assert.Equal(expected.Received, actual.Received);
        Assert.Equal(expected.ReportProblem, actual.ReportProblem);
    }
}
