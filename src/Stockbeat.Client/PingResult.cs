namespace Stockbeat.Client;

/// <summary>What became of a ping. Delivery problems are reported here and logged, never thrown.</summary>
/// <param name="Delivered">Whether the server stored the ping (answered 2xx).</param>
/// <param name="StatusCode">The last HTTP status received, or <see langword="null"/> if no answer came (network error, timeout).</param>
/// <param name="Answer">The last answer's body, e.g. <c>OK</c> or <c>not found</c>.</param>
/// <param name="Attempts">How many times the ping was sent.</param>
/// <param name="Kind">The kind of ping that was sent (a run over its error threshold sends <see cref="PingKind.Fail"/>).</param>
public sealed record PingResult(bool Delivered, int? StatusCode, string? Answer, int Attempts, PingKind Kind);
