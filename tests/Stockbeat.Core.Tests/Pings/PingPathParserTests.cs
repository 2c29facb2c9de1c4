using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests;

public sealed class PingPathParserTests
{
    private const string Uuid = "5f1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6f";
    private const string UpperUuid = "5F1C2B9E-8D3A-4C7B-9E21-0A6B3C4D5E6F";
    private const string Key = "a1b2c3d4e5f6g7h8i9j0kl";

    [Theory]
    // Plain success, with and without the trailing slash.
    [InlineData(Uuid, PingKind.Success, null)]
    [InlineData(Uuid + "/", PingKind.Success, null)]
    // Named suffixes.
    [InlineData(Uuid + "/start", PingKind.Start, null)]
    [InlineData(Uuid + "/fail", PingKind.Fail, null)]
    [InlineData(Uuid + "/log", PingKind.Log, null)]
    // Exit statuses: 0 is success, 1..255 are failures.
    [InlineData(Uuid + "/0", PingKind.Success, 0)]
    [InlineData(Uuid + "/000", PingKind.Success, 0)]
    [InlineData(Uuid + "/1", PingKind.Fail, 1)]
    [InlineData(Uuid + "/2", PingKind.Fail, 2)]
    [InlineData(Uuid + "/127", PingKind.Fail, 127)]
    [InlineData(Uuid + "/255", PingKind.Fail, 255)]
    public void Parse_ReturnsUuidTarget_WhenUuidFormIsValid(string rest, PingKind kind, int? exitStatus)
    {
        var path = PingPathParser.Parse(rest, out _);

        Assert.NotNull(path);
        var target = Assert.IsType<PingTarget.ByUuid>(path.Target);
        Assert.Equal(Guid.Parse(Uuid), target.Uuid);
        Assert.Equal(kind, path.Kind);
        Assert.Equal(exitStatus, path.ExitStatus);
        Assert.False(path.ExitStatusOutOfRange);
    }

    [Theory]
    [InlineData(Uuid + "/256")]
    [InlineData(Uuid + "/999")]
    [InlineData(Uuid + "/1000")]
    [InlineData(Uuid + "/2147483648")]
    [InlineData(Uuid + "/99999999999999999999")]
    [InlineData(Key + "/erp-sync/256")]
    [InlineData(Key + "/erp-sync/99999999999999999999")]
    public void Parse_FlagsExitStatusOutOfRange_WhenStatusIsAbove255(string rest)
    {
        var path = PingPathParser.Parse(rest, out _);

        // The 400 waits for the monitor lookup (an unknown monitor answers 404 first), so the parse succeeds.
        Assert.NotNull(path);
        Assert.True(path.ExitStatusOutOfRange);
        Assert.Equal(PingKind.Fail, path.Kind);
        Assert.Null(path.ExitStatus);
    }

    [Theory]
    // Healthchecks routes the suffix through Django's int converter ([0-9]+, then int()), so leading zeros
    // do not make a number larger: /0001 is exit status 1, not "above 255".
    [InlineData(Uuid + "/0000", PingKind.Success, 0)]
    [InlineData(Uuid + "/0001", PingKind.Fail, 1)]
    [InlineData(Uuid + "/0255", PingKind.Fail, 255)]
    [InlineData(Key + "/erp-sync/00042", PingKind.Fail, 42)]
    public void Parse_ReadsExitStatusByValue_WhenItHasLeadingZeros(string rest, PingKind kind, int exitStatus)
    {
        var path = PingPathParser.Parse(rest, out _);

        Assert.NotNull(path);
        Assert.False(path.ExitStatusOutOfRange);
        Assert.Equal(kind, path.Kind);
        Assert.Equal(exitStatus, path.ExitStatus);
    }

    [Theory]
    // Plain success, with and without the trailing slash.
    [InlineData(Key + "/erp-sync", PingKind.Success, null)]
    [InlineData(Key + "/erp-sync/start", PingKind.Start, null)]
    [InlineData(Key + "/erp-sync/fail", PingKind.Fail, null)]
    [InlineData(Key + "/erp-sync/log", PingKind.Log, null)]
    // Exit statuses.
    [InlineData(Key + "/erp-sync/0", PingKind.Success, 0)]
    [InlineData(Key + "/erp-sync/3", PingKind.Fail, 3)]
    [InlineData(Key + "/erp-sync/255", PingKind.Fail, 255)]
    public void Parse_ReturnsSlugTarget_WhenSlugFormIsValid(string rest, PingKind kind, int? exitStatus)
    {
        var path = PingPathParser.Parse(rest, out _);

        Assert.NotNull(path);
        var target = Assert.IsType<PingTarget.BySlug>(path.Target);
        Assert.Equal(Key, target.PingKey);
        Assert.Equal("erp-sync", target.Slug);
        Assert.Equal(kind, path.Kind);
        Assert.Equal(exitStatus, path.ExitStatus);
        Assert.False(path.ExitStatusOutOfRange);
    }

    [Theory]
    [InlineData("key_with-dash", "slug")]
    [InlineData(Key, "a")]
    [InlineData(Key, "0")]
    [InlineData(Key, "under_score-and-dash-42")]
    [InlineData(Key, "-")]
    // Keys are matched loosely, as by Healthchecks' slug converter; the key lookup answers 404 for them.
    [InlineData("UPPERKEY", "slug")]
    [InlineData("short", "slug")]
    public void Parse_KeepsKeyAndSlugVerbatim_WhenBothAreSlugLike(string key, string slug)
    {
        var path = PingPathParser.Parse($"{key}/{slug}", out _);

        Assert.NotNull(path);
        Assert.Equal(new PingTarget.BySlug(key, slug), path.Target);
    }

    [Theory]
    [InlineData(Key + "/Erp-Sync")]
    [InlineData(Key + "/ERP")]
    [InlineData(Key + "/erp-Sync/start")]
    [InlineData(Key + "/ERP/fail")]
    [InlineData(Key + "/ERP/1")]
    [InlineData(Key + "/ERP/256")]
    public void Parse_ReturnsInvalidUrlFormat_WhenSlugHasUpperCaseLetters(string rest)
    {
        var path = PingPathParser.Parse(rest, out var error);

        Assert.Null(path);
        Assert.Equal(PingPathError.InvalidUrlFormat, error);
    }

    [Theory]
    // Empty input and empty segments.
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/" + Uuid)]
    [InlineData(Uuid + "//")]
    [InlineData(Uuid + "//start")]
    [InlineData(Uuid + "/start//")]
    [InlineData(Key + "//start")]
    [InlineData(Key + "/erp-sync//")]
    // UUIDs in any form but lower-case and hyphenated.
    [InlineData(UpperUuid)]
    [InlineData(UpperUuid + "/")]
    [InlineData("5f1c2b9e-8d3a-4c7b-9e21-0A6B3C4D5E6F")]
    [InlineData("5f1c2b9e8d3a4c7b9e210a6b3c4d5e6f")]
    [InlineData("{" + Uuid + "}")]
    [InlineData("(" + Uuid + ")")]
    [InlineData("5f1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6")]
    [InlineData("5f1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6f0")]
    [InlineData("zf1c2b9e-8d3a-4c7b-9e21-0a6b3c4d5e6f")]
    // Unknown or malformed suffixes.
    [InlineData(Uuid + "/foo")]
    [InlineData(Uuid + "/success")]
    [InlineData(Uuid + "/-1")]
    [InlineData(Uuid + "/+1")]
    [InlineData(Uuid + "/1.0")]
    [InlineData(Uuid + "/0x1")]
    [InlineData(Uuid + "/1e3")]
    [InlineData(Key + "/erp-sync/foo")]
    [InlineData(Key + "/erp-sync/-1")]
    // Too many segments.
    [InlineData(Uuid + "/start/extra")]
    [InlineData(Uuid + "/1/2")]
    [InlineData(Key + "/erp-sync/start/extra")]
    [InlineData("a/b/c/d")]
    // A single segment that is not a UUID names nothing.
    [InlineData("erp-sync")]
    [InlineData(Key)]
    // Strange characters: percent escapes, whitespace, dots, non-ASCII letters and digits.
    [InlineData(Uuid + "%2Fstart")]
    [InlineData(Uuid + "/start%20")]
    [InlineData(Uuid + " ")]
    [InlineData(" " + Uuid)]
    [InlineData(Uuid + "/ 1")]
    [InlineData(Uuid + "/\u0661")]
    [InlineData(Uuid + "/\uFF11")]
    [InlineData(Key + "/erp%20sync")]
    [InlineData(Key + "/erp sync")]
    [InlineData(Key + "/erp.sync")]
    [InlineData(Key + "/erp+sync")]
    [InlineData(Key + "/sl\u00fcg")]
    [InlineData(Key + "/SL\u00dcG")]
    [InlineData(Key + "/\u65e5\u672c")]
    [InlineData(Key + "/erp\u0000sync")]
    [InlineData(Key + "/erp\tsync")]
    [InlineData("k%ey/erp-sync")]
    [InlineData("k\u00e9y/erp-sync")]
    [InlineData("../erp-sync")]
    [InlineData(Key + "/..")]
    public void Parse_ReturnsNotFound_WhenNoPingRouteMatches(string rest)
    {
        var path = PingPathParser.Parse(rest, out var error);

        Assert.Null(path);
        Assert.Equal(PingPathError.NotFound, error);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("fail")]
    [InlineData("1")]
    public void Parse_FallsBackToSlugRoute_WhenUpperCaseUuidHasASuffix(string suffix)
    {
        // Healthchecks' router does the same: an upper-case UUID is no <uuid:code>, but it is a
        // <slug:ping_key>, and the key lookup then answers 404. What matters is that it is never a UUID ping.
        var path = PingPathParser.Parse($"{UpperUuid}/{suffix}", out _);

        Assert.NotNull(path);
        Assert.Equal(new PingTarget.BySlug(UpperUuid, suffix), path.Target);
        Assert.Equal(PingKind.Success, path.Kind);
    }

    [Fact]
    public void Parse_ReturnsUuidTarget_WhenLowerCaseUuidIsFollowedBySuffix()
    {
        // A lower-case UUID also looks like a ping key; the UUID route must win.
        var path = PingPathParser.Parse(Uuid + "/start", out _);

        Assert.NotNull(path);
        Assert.IsType<PingTarget.ByUuid>(path.Target);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(99)]
    [InlineData(100)]
    public void Parse_AcceptsSegments_WhenTheyAreAtMost100CharsLong(int length)
    {
        var key = new string('k', length);
        var slug = new string('s', length);

        var path = PingPathParser.Parse($"{key}/{slug}/start", out _);

        Assert.NotNull(path);
        Assert.Equal(new PingTarget.BySlug(key, slug), path.Target);
        Assert.Equal(PingKind.Start, path.Kind);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void Parse_ReturnsNotFound_WhenASegmentIsLongerThan100Chars(int length)
    {
        var longSegment = new string('a', length);

        Assert.Null(PingPathParser.Parse(longSegment, out var alone));
        Assert.Null(PingPathParser.Parse($"{longSegment}/erp-sync", out var asKey));
        Assert.Null(PingPathParser.Parse($"{Key}/{longSegment}", out var asSlug));
        Assert.Null(PingPathParser.Parse($"{Key}/{new string('A', length)}", out var asUpperSlug));
        Assert.Null(PingPathParser.Parse($"{Uuid}/{new string('x', length)}", out var asSuffix));

        Assert.Equal(PingPathError.NotFound, alone);
        Assert.Equal(PingPathError.NotFound, asKey);
        Assert.Equal(PingPathError.NotFound, asSlug);
        Assert.Equal(PingPathError.NotFound, asUpperSlug);
        Assert.Equal(PingPathError.NotFound, asSuffix);
    }

    [Fact]
    public void Parse_ReturnsNotFound_WhenPathHasManySegments()
    {
        var rest = string.Join('/', Enumerable.Repeat("a", 10_000));

        var path = PingPathParser.Parse(rest, out var error);

        Assert.Null(path);
        Assert.Equal(PingPathError.NotFound, error);
    }

    [Fact]
    public void Parse_ResetsError_WhenCalledAgainAfterInvalidUrlFormat()
    {
        PingPathParser.Parse(Key + "/ERP", out var first);

        var path = PingPathParser.Parse(Uuid + "/foo", out var second);

        Assert.Equal(PingPathError.InvalidUrlFormat, first);
        Assert.Null(path);
        Assert.Equal(PingPathError.NotFound, second);
    }

    [Theory]
    // Valid: lower-case letters, digits, '-' and '_'; empty means "no slug".
    [InlineData("", true)]
    [InlineData("a", true)]
    [InlineData("erp-sync", true)]
    [InlineData("erp_sync_2", true)]
    [InlineData("0123456789", true)]
    [InlineData("-_-", true)]
    // Invalid characters.
    [InlineData("Erp", false)]
    [InlineData("ERP", false)]
    [InlineData("erp sync", false)]
    [InlineData(" erp", false)]
    [InlineData("erp.sync", false)]
    [InlineData("erp/sync", false)]
    [InlineData("erp%20sync", false)]
    [InlineData("sl\u00fcg", false)]
    [InlineData("\u0131", false)]
    [InlineData("\uFF41", false)]
    [InlineData("\u0661", false)]
    [InlineData("erp\nsync", false)]
    public void IsValidSlug_ReturnsExpected_ForCharacters(string text, bool expected)
    {
        Assert.Equal(expected, PingPathParser.IsValidSlug(text));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void IsValidSlug_ChecksLength_AtTheSegmentLimit(int length, bool expected)
    {
        var slug = new string('s', length);

        Assert.Equal(expected, PingPathParser.IsValidSlug(slug));
    }

    [Fact]
    public void IsValidSlug_AgreesWithParse_ForEverySlugItAccepts()
    {
        // A slug the API lets users save must be reachable through a slug ping URL.
        string[] slugs = ["a", "erp-sync", "erp_sync_2", "-", "_", new string('x', 100)];

        foreach (var slug in slugs)
        {
            Assert.True(PingPathParser.IsValidSlug(slug));
            Assert.Equal(new PingTarget.BySlug(Key, slug), PingPathParser.Parse($"{Key}/{slug}", out _)?.Target);
        }
    }
}
