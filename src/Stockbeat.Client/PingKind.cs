namespace Stockbeat.Client;

/// <summary>What a ping tells the server.</summary>
public enum PingKind
{
    /// <summary>The job succeeded (<c>/ping/{id}</c>).</summary>
    Success,

    /// <summary>The job started (<c>/ping/{id}/start</c>).</summary>
    Start,

    /// <summary>The job failed (<c>/ping/{id}/fail</c>).</summary>
    Fail,

    /// <summary>A log message; no change of state (<c>/ping/{id}/log</c>).</summary>
    Log,

    /// <summary>The job ended with <see cref="PingRequest.ExitStatus"/>: 0 is success, anything else failure (<c>/ping/{id}/{0-255}</c>).</summary>
    ExitStatus,
}
