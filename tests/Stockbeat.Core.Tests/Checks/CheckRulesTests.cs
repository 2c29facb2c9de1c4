using System.Globalization;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Tests;

/// <summary>
/// Healthchecks' timing rules. Split by subject: pings (<c>.ApplyPing.cs</c>), status and deadlines
/// (<c>.Status.cs</c>), pause and resume (<c>.Pause.cs</c>); the shared monitors are here.
/// </summary>
public sealed partial class CheckRulesTests
{
    // A Tuesday noon, well away from any DST change. Nothing here reads the wall clock.
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid MonitorUuid = new("5f1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6f");
    private static readonly Guid RunA = new("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static readonly Guid RunB = new("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    private static readonly TimeSpan Period = TimeSpan.FromDays(1);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>A stored monitor (period one day, grace one hour) as the store would hand it over.</summary>
    /// <remarks>Up, down and paused monitors last pinged an hour before <see cref="T0"/>; new ones never did.</remarks>
    private static Check Monitor(CheckStatus status = CheckStatus.New) =>
        Stored(new Check
        {
            Id = 42,
            Uuid = MonitorUuid,
            ProjectId = 1,
            Name = "ERP to Amazon",
            Slug = "erp-to-amazon",
            Schedule = new SimpleSchedule(Period),
            Grace = Grace,
            Status = status,
            LastPing = status == CheckStatus.New ? null : T0.AddHours(-1),
            PingCount = 7,
            Created = T0.AddDays(-30),
            Version = 3,
        });

    /// <summary>The monitor with its deadline recomputed, as every write leaves it.</summary>
    private static Check Stored(Check check) => CheckRules.WithDeadline(check);

    private static Guid? Rid(string? text) => text is null ? null : Guid.Parse(text, CultureInfo.InvariantCulture);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Minutes(int? minutesAfterT0) =>
        minutesAfterT0 is { } m ? T0.AddMinutes(m) : null;
}
