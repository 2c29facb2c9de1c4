namespace Stockbeat.Core.Pings;

/// <summary>Which monitor a ping URL names, and by which form.</summary>
public abstract record PingTarget
{
    private PingTarget()
    {
    }

    /// <summary><c>/ping/{uuid}</c>.</summary>
    public sealed record ByUuid(Guid Uuid) : PingTarget;

    /// <summary><c>/ping/{ping_key}/{slug}</c>.</summary>
    public sealed record BySlug(string PingKey, string Slug) : PingTarget;
}

/// <summary>What a ping URL asks for.</summary>
/// <param name="Target">The monitor.</param>
/// <param name="Kind">The kind the URL asks for, before method and pause rules apply.</param>
/// <param name="ExitStatus">The exit status from a <c>/{code}</c> suffix.</param>
/// <param name="ExitStatusOutOfRange">
/// The suffix was a number above 255. Healthchecks answers 400 for it only once the monitor is known to
/// exist (an unknown monitor is 404 first), so the verdict waits for the lookup.
/// </param>
public sealed record PingPath(PingTarget Target, PingKind Kind, int? ExitStatus, bool ExitStatusOutOfRange);

/// <summary>Why a ping URL could not be read.</summary>
public enum PingPathError
{
    /// <summary>No ping route matches: <c>404 not found</c>.</summary>
    NotFound,

    /// <summary>A route matches but a part is malformed: <c>400 invalid url format</c>.</summary>
    InvalidUrlFormat,
}

/// <summary>Parses the part of a ping URL after <c>/ping/</c>.</summary>
public static class PingPathParser
{
    private const int MaxSegmentLength = 100;

    /// <summary>Reads <paramref name="rest"/> (for example <c>5f1c…/start</c> or <c>key/erp-sync/1</c>).</summary>
    /// <returns>The parsed path, or null with <paramref name="error"/> set.</returns>
    public static PingPath? Parse(string rest, out PingPathError error)
    {
        error = PingPathError.NotFound;
        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        var parts = rest.Split('/');
        if (parts.Length is < 1 or > 3 || parts.Any(p => p.Length is 0 or > MaxSegmentLength))
        {
            return null;
        }

        if (TryParseLowerUuid(parts[0], out var uuid))
        {
            return parts.Length switch
            {
                1 => new PingPath(new PingTarget.ByUuid(uuid), PingKind.Success, null, false),
                2 => WithSuffix(new PingTarget.ByUuid(uuid), parts[1], ref error),
                _ => null,
            };
        }

        if (parts.Length < 2 || !IsKeyLike(parts[0]))
        {
            return null;
        }

        if (!IsSlugLike(parts[1], out var lowerCaseOnly))
        {
            return null;
        }

        if (!lowerCaseOnly)
        {
            error = PingPathError.InvalidUrlFormat;
            return null;
        }

        var target = new PingTarget.BySlug(parts[0], parts[1]);
        return parts.Length == 2
            ? new PingPath(target, PingKind.Success, null, false)
            : WithSuffix(target, parts[2], ref error);
    }

    /// <summary>Whether <paramref name="text"/> is a slug: lower-case letters, digits, '-' and '_'.</summary>
    public static bool IsValidSlug(string text) => text.Length <= MaxSegmentLength
        && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static PingPath? WithSuffix(PingTarget target, string suffix, ref PingPathError error)
    {
        switch (suffix)
        {
            case "start":
                return new PingPath(target, PingKind.Start, null, false);
            case "fail":
                return new PingPath(target, PingKind.Fail, null, false);
            case "log":
                return new PingPath(target, PingKind.Log, null, false);
        }

        if (!suffix.All(char.IsAsciiDigit))
        {
            error = PingPathError.NotFound;
            return null;
        }

        // Leading zeros do not count ("/0001" is 1); past that, more than three digits is above 255.
        var digits = suffix.TrimStart('0');
        var code = digits.Length switch
        {
            0 => 0,
            > 3 => int.MaxValue,
            _ => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture),
        };
        if (code > 255)
        {
            return new PingPath(target, PingKind.Fail, null, true);
        }

        return new PingPath(target, code == 0 ? PingKind.Success : PingKind.Fail, code, false);
    }

    // Healthchecks' URL converter takes only the canonical lower-case, hyphenated form.
    private static bool TryParseLowerUuid(string text, out Guid uuid)
    {
        uuid = default;
        return text.Length == 36
            && !text.Any(char.IsAsciiLetterUpper)
            && Guid.TryParseExact(text, "D", out uuid);
    }

    private static bool IsKeyLike(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsSlugLike(string text, out bool lowerCaseOnly)
    {
        lowerCaseOnly = !text.Any(char.IsAsciiLetterUpper);
        return IsKeyLike(text);
    }
}
