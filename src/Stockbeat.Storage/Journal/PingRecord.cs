using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage.Journal;

/// <summary>
/// A ping as the journal holds it: <c>[payload length: 4][CRC-32 of the payload: 4][payload]</c>, little-endian.
/// The payload keeps what the request said, not what was derived from it: a run report is parsed again from the
/// body on replay, by the same code that parsed it on receipt.
/// </summary>
internal static class PingRecord
{
    public const int HeaderSize = 8;

    // A ping is at most a body (Stockbeat:Ping:BodyLimit, at most 1 MB) plus a few short strings; anything larger is
    // a torn or corrupt length, not a record.
    public const int MaxPayload = 2 * 1024 * 1024;

    private const byte Version = 1;

    /// <summary>Appends <paramref name="ping"/> as one framed record.</summary>
    public static void Write(Stream output, PingSubmission ping)
    {
        var payload = new MemoryStream(128 + ping.Body.Length);
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            switch (ping.Path.Target)
            {
                case PingTarget.ByUuid byUuid:
                    writer.Write((byte)0);
                    writer.Write(byUuid.Uuid.ToByteArray());
                    break;
                case PingTarget.BySlug bySlug:
                    writer.Write((byte)1);
                    writer.Write(bySlug.PingKey);
                    writer.Write(bySlug.Slug);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown ping target {ping.Path.Target}.");
            }

            writer.Write((byte)ping.Path.Kind);
            writer.Write(ping.Path.ExitStatus.HasValue);
            writer.Write(ping.Path.ExitStatus ?? 0);
            writer.Write(ping.Path.ExitStatusOutOfRange);
            writer.Write(ping.Create);
            writer.Write(ping.Rid.HasValue);
            writer.Write((ping.Rid ?? Guid.Empty).ToByteArray());
            writer.Write(ping.RidInvalid);
            writer.Write(ping.Method);
            writer.Write(ping.RemoteAddress);
            writer.Write(ping.Scheme);
            writer.Write(ping.UserAgent);
            writer.Write(ping.Received.UtcTicks);
            writer.Write(ping.Body.Length);
            writer.Write(ping.Body);
        }

        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(bytes));
        output.Write(header);
        output.Write(bytes);
    }

    /// <summary>
    /// The payload length a record header announces, or null when the header cannot start a whole record (a write
    /// torn by a crash, or zeros past the end).
    /// </summary>
    public static int? PayloadLength(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        return length is > 0 and <= MaxPayload ? length : null;
    }

    /// <summary>Reads a payload whose header was <paramref name="header"/>; null when the checksum does not match.</summary>
    public static PingSubmission? Read(ReadOnlySpan<byte> header, byte[] payload)
    {
        if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..]))
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        if (reader.ReadByte() != Version)
        {
            return null;
        }

        PingTarget target = reader.ReadByte() == 0
            ? new PingTarget.ByUuid(new Guid(reader.ReadBytes(16)))
            : new PingTarget.BySlug(reader.ReadString(), reader.ReadString());
        var kind = (PingKind)reader.ReadByte();
        var hasExitStatus = reader.ReadBoolean();
        var exitStatus = reader.ReadInt32();
        var path = new PingPath(target, kind, hasExitStatus ? exitStatus : null, reader.ReadBoolean());
        var create = reader.ReadBoolean();
        var hasRid = reader.ReadBoolean();
        var rid = new Guid(reader.ReadBytes(16));
        var ridInvalid = reader.ReadBoolean();
        var method = reader.ReadString();
        var remote = reader.ReadString();
        var scheme = reader.ReadString();
        var userAgent = reader.ReadString();
        var received = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var body = reader.ReadBytes(reader.ReadInt32());
        return PingSubmission.FromRequest(path, create, hasRid ? rid : null, ridInvalid, method, remote, scheme, userAgent, body, received);
    }
}
