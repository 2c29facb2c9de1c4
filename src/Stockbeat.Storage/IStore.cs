using Stockbeat.Core.Checks;

namespace Stockbeat.Storage;

/// <summary>Everything Stockbeat keeps, behind one interface with a SQLite and a PostgreSQL implementation.</summary>
public partial interface IStore
{
    /// <summary>Short name of the backend (<c>sqlite</c> or <c>postgres</c>).</summary>
    string Dialect { get; }

    /// <summary>Applies the migrations that have not run yet.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> while no other node runs work under the same lock (PostgreSQL advisory lock);
    /// for start-up steps such as creating the default project, which two nodes starting together must not both do.
    /// </summary>
    Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct);

    /// <summary>Answers whether the database can be reached.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct);

    /// <summary>The first project, or null when there is none.</summary>
    Task<long?> FindFirstProjectAsync(CancellationToken ct);

    /// <summary>Creates a project and returns its id.</summary>
    Task<long> CreateProjectAsync(string name, DateTimeOffset now, CancellationToken ct);

    /// <summary>Replaces a project's ping key (stored hashed).</summary>
    Task SetPingKeyHashAsync(long projectId, string pingKeyHash, CancellationToken ct);

    /// <summary>The project's ping key hash.</summary>
    Task<string?> GetPingKeyHashAsync(long projectId, CancellationToken ct);

    /// <summary>Adds an API key by its hash unless that hash is already stored.</summary>
    Task AddApiKeyAsync(long projectId, string name, string keyHash, bool isReadOnly, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Makes <paramref name="keyHash"/> the project's only live key named <paramref name="name"/>: other keys of that
    /// name are revoked, and the key is (re)stored with the given access.
    /// </summary>
    Task ReplaceApiKeyAsync(long projectId, string name, string keyHash, bool isReadOnly, DateTimeOffset now, CancellationToken ct);

    /// <summary>Finds a live API key by its hash.</summary>
    Task<ApiKeyMatch?> FindApiKeyAsync(string keyHash, CancellationToken ct);

    /// <summary>
    /// Stores a batch of pings in one transaction (group commit) and returns one answer per ping, in order.
    /// Nothing is acknowledged before the transaction commits.
    /// </summary>
    /// <param name="batch">Pings in arrival order.</param>
    /// <param name="keepPings">How many pings to keep per monitor; older ones are pruned.</param>
    /// <param name="ct">Cancellation.</param>
    Task<IReadOnlyList<PingResult>> IngestPingsAsync(IReadOnlyList<PingSubmission> batch, int keepPings, CancellationToken ct);

    /// <summary>
    /// The folder of the ping journal, where a ping may be acknowledged once it is flushed to the journal and stored
    /// in the database afterwards: the embedded database's own folder. Null where a ping must be in the database
    /// before it is acknowledged (PostgreSQL, which other nodes share).
    /// </summary>
    string? JournalFolder { get; }

    /// <summary>The journal position the database has applied pings through (0 when none).</summary>
    Task<long> GetJournalPositionAsync(CancellationToken ct);

    /// <summary>
    /// Stores a batch of journaled pings as <see cref="IngestPingsAsync"/> does, and records in the same transaction
    /// that the journal is applied through <paramref name="journalEnd"/>. The commit need not reach the disk before
    /// this returns: the journal holds the pings until <see cref="SetJournalPositionAsync"/> says otherwise.
    /// </summary>
    Task<IReadOnlyList<PingResult>> ApplyJournaledPingsAsync(IReadOnlyList<PingSubmission> batch, int keepPings, long journalEnd, CancellationToken ct);

    /// <summary>
    /// Records that the journal is applied through <paramref name="position"/> and flushes everything committed so
    /// far to disk: journal segments before it may then be deleted.
    /// </summary>
    Task SetJournalPositionAsync(long position, CancellationToken ct);

    /// <summary>
    /// Whether a ping to <paramref name="uuid"/> is sure to find its monitor: the ping writer committed it, or
    /// <see cref="LookUpMonitorsAsync"/> found it, and this node has not deleted it since.
    /// </summary>
    bool KnowsMonitor(Guid uuid);

    /// <summary>Finds which of <paramref name="uuids"/> name a monitor, so that <see cref="KnowsMonitor"/> knows them.</summary>
    Task LookUpMonitorsAsync(IReadOnlyCollection<Guid> uuids, CancellationToken ct);

    /// <summary>Creates a monitor; returns it with its id.</summary>
    Task<Check> CreateCheckAsync(Check check, CancellationToken ct);

    /// <summary>Finds a monitor by uuid, whatever its project (callers check ownership).</summary>
    Task<Check?> GetCheckAsync(Guid uuid, CancellationToken ct);

    /// <summary>All monitors of a project, oldest first.</summary>
    Task<IReadOnlyList<Check>> ListChecksAsync(long projectId, CancellationToken ct);

    /// <summary>
    /// All monitors of a project, oldest first, read from the database as they are consumed: an answer listing a
    /// million monitors never holds them all in memory.
    /// </summary>
    IAsyncEnumerable<Check> StreamChecksAsync(long projectId, CancellationToken ct);

    /// <summary>The monitors of a project that <paramref name="filter"/> names, oldest first, streamed as above.</summary>
    IAsyncEnumerable<Check> StreamChecksAsync(long projectId, CheckFilter filter, CancellationToken ct);

    /// <summary>The monitor of a project with this unique key (see <see cref="UniqueKeys"/>), found through an index.</summary>
    Task<Check?> FindCheckByUniqueKeyAsync(long projectId, string uniqueKey, CancellationToken ct);

    /// <summary>The ids of those of <paramref name="uuids"/> that name a monitor of the project, by uuid.</summary>
    Task<IReadOnlyDictionary<Guid, long>> FindCheckIdsAsync(long projectId, IReadOnlyCollection<Guid> uuids, CancellationToken ct);

    /// <summary>
    /// Changes one monitor under a row lock: loads it, lets <paramref name="edit"/> decide, writes the result and
    /// its flip. Returns the monitor as stored afterwards, or null when it does not exist.
    /// </summary>
    Task<Check?> EditCheckAsync(long projectId, Guid uuid, Func<Check, CheckEdit> edit, CancellationToken ct);

    /// <summary>Deletes a monitor with its pings and flips.</summary>
    Task<bool> DeleteCheckAsync(long projectId, Guid uuid, CancellationToken ct);

    /// <summary>The newest pings of a monitor, newest first.</summary>
    Task<IReadOnlyList<StoredPing>> ListPingsAsync(long checkId, int limit, CancellationToken ct);

    /// <summary>The body of ping number <paramref name="n"/>, or null when that ping is gone or had none.</summary>
    Task<byte[]?> GetPingBodyAsync(long checkId, int n, CancellationToken ct);

    /// <summary>Flips of a monitor in a time range, oldest first.</summary>
    Task<IReadOnlyList<FlipRecord>> ListFlipsAsync(long checkId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct);

    /// <summary>Monitors whose deadline is at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Check>> FindDueChecksAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>The earliest stored deadline (past or future), or null when no monitor has one.</summary>
    Task<DateTimeOffset?> FindNextDeadlineAsync(CancellationToken ct);

    /// <summary>
    /// Applies the sweep's flips in one transaction. Each applies only if the monitor is unchanged since it was
    /// read (same version), so two sweepers, or a sweeper racing a ping, flip a monitor once. Returns how many applied.
    /// </summary>
    Task<int> ApplyDueFlipsAsync(IReadOnlyList<(Check Check, Flip Flip)> flips, CancellationToken ct);

    /// <summary>Writes a recomputed deadline if the monitor is unchanged since it was read.</summary>
    Task<bool> UpdateDeadlineAsync(Check check, CancellationToken ct);

    /// <summary>Incidents of a monitor, newest first.</summary>
    Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(long checkId, CancellationToken ct);

    /// <summary>Creates a channel.</summary>
    Task<ChannelRecord> CreateChannelAsync(long projectId, string kind, string name, string config, DateTimeOffset now, CancellationToken ct);

    /// <summary>The channels of a project.</summary>
    Task<IReadOnlyList<ChannelRecord>> ListChannelsAsync(long projectId, CancellationToken ct);

    /// <summary>Deletes a channel.</summary>
    Task<bool> DeleteChannelAsync(long projectId, Guid uuid, CancellationToken ct);

    /// <summary>Records the outcome of the last delivery to a channel (null error: success).</summary>
    Task SetChannelErrorAsync(long channelId, string? lastError, DateTimeOffset now, CancellationToken ct);

    /// <summary>Replaces the channels a monitor notifies.</summary>
    Task SetCheckChannelsAsync(long checkId, IReadOnlyList<long> channelIds, CancellationToken ct);

    /// <summary>Channel uuids per monitor id, for the monitors of a project.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<Guid>>> GetCheckChannelsAsync(long projectId, CancellationToken ct);

    /// <summary>The uuids of the channels one monitor notifies.</summary>
    Task<IReadOnlyList<Guid>> GetChannelsOfCheckAsync(long checkId, CancellationToken ct);

    /// <summary>Incidents of a project, newest first.</summary>
    Task<IReadOnlyList<IncidentRecord>> ListProjectIncidentsAsync(long projectId, bool openOnly, int limit, CancellationToken ct);

    /// <summary>One incident of a project.</summary>
    Task<IncidentRecord?> GetIncidentAsync(long projectId, long id, CancellationToken ct);

    /// <summary>An incident's timeline, oldest first.</summary>
    Task<IReadOnlyList<IncidentEvent>> ListIncidentEventsAsync(long incidentId, CancellationToken ct);

    /// <summary>An incident's deliveries, oldest first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(long incidentId, CancellationToken ct);

    /// <summary>Acknowledges an open, unacknowledged incident: escalation stops and told channels hear of it. Null when it was not.</summary>
    Task<IncidentRecord?> AcknowledgeIncidentAsync(long incidentId, string by, DateTimeOffset now, CancellationToken ct);

    /// <summary>Resolves an open incident by hand, with recovery messages and undo actions. Null when it was not open.</summary>
    Task<IncidentRecord?> ResolveIncidentAsync(long incidentId, string by, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Opens the incidents that a maintenance window held back, for monitors still down after it ended; leaves alone
    /// the monitors for which <paramref name="mayHoldPing"/> is true (by uuid).
    /// </summary>
    Task<HeldBackPass> OpenPendingIncidentsAsync(DateTimeOffset now, Func<Guid, bool> mayHoldPing, CancellationToken ct);

    /// <summary>
    /// Fires up to <paramref name="limit"/> escalation steps that are due: creates their deliveries and schedules the
    /// next steps. A due incident whose monitor <paramref name="mayHoldPing"/> names (by uuid) is held back, not fired.
    /// </summary>
    Task<HeldBackPass> EscalateDueAsync(DateTimeOffset now, int limit, Func<Guid, bool> mayHoldPing, CancellationToken ct);

    /// <summary>Claims due deliveries for sending; each is leased to one caller until <paramref name="lease"/> passes.</summary>
    Task<IReadOnlyList<DeliveryWork>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct);

    /// <summary>Records a send: <c>sent</c>, <c>failed</c>, or <c>pending</c> again with <paramref name="retryAt"/>.</summary>
    Task CompleteDeliveryAsync(long deliveryId, string status, string? lastError, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct);

    /// <summary>A setting's value, storing <paramref name="valueIfAbsent"/> first when there is none (first writer wins).</summary>
    Task<string> GetOrAddSettingAsync(string key, string valueIfAbsent, CancellationToken ct);

    /// <summary>Creates a policy; a default policy replaces the previous default.</summary>
    Task<PolicyRecord> CreatePolicyAsync(long projectId, string name, Stockbeat.Core.Incidents.EscalationPolicy policy, bool isDefault, DateTimeOffset now, CancellationToken ct);

    /// <summary>The policies of a project.</summary>
    Task<IReadOnlyList<PolicyRecord>> ListPoliciesAsync(long projectId, CancellationToken ct);

    /// <summary>Replaces a policy; open incidents keep the steps they started with.</summary>
    Task<PolicyRecord?> UpdatePolicyAsync(long projectId, Guid uuid, string name, Stockbeat.Core.Incidents.EscalationPolicy policy, bool isDefault, CancellationToken ct);

    /// <summary>Deletes a policy; its monitors fall back to the project default.</summary>
    Task<bool> DeletePolicyAsync(long projectId, Guid uuid, CancellationToken ct);

    /// <summary>Creates a maintenance window.</summary>
    Task<MaintenanceRecord> CreateMaintenanceAsync(long projectId, Stockbeat.Core.Incidents.MaintenanceWindow window, DateTimeOffset now, CancellationToken ct);

    /// <summary>The maintenance windows of a project.</summary>
    Task<IReadOnlyList<MaintenanceRecord>> ListMaintenanceAsync(long projectId, CancellationToken ct);

    /// <summary>Deletes a maintenance window.</summary>
    Task<bool> DeleteMaintenanceAsync(long projectId, Guid uuid, CancellationToken ct);

    /// <summary>Replaces the upstream monitors of a monitor.</summary>
    Task SetDependenciesAsync(long checkId, IReadOnlyList<long> upstreamIds, CancellationToken ct);

    /// <summary>Upstream monitor uuids per monitor id, for the monitors of a project.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<Guid>>> GetDependenciesAsync(long projectId, CancellationToken ct);

    /// <summary>The uuids of one monitor's upstream monitors.</summary>
    Task<IReadOnlyList<Guid>> GetUpstreamOfCheckAsync(long checkId, CancellationToken ct);

    /// <summary>Renames and reconfigures a channel.</summary>
    Task<ChannelRecord?> UpdateChannelAsync(long projectId, Guid uuid, string name, string config, CancellationToken ct);

    /// <summary>The monitor's runs, newest first; <paramref name="beforeId"/> pages back from a run id.</summary>
    Task<IReadOnlyList<Stockbeat.Core.Runs.Run>> ListRunsAsync(long checkId, int limit, long? beforeId, CancellationToken ct);

    /// <summary>
    /// The newest <paramref name="limit"/> runs of each of <paramref name="checkIds"/>, newest first, as
    /// <see cref="ListRunsAsync"/> reads them one monitor at a time, here all on one connection with one statement, and
    /// without their log excerpts (<c>Log</c> is null): what the analysis and the charts read.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<Stockbeat.Core.Runs.Run>>> ListRecentRunsAsync(
        IReadOnlyCollection<long> checkIds, int limit, CancellationToken ct);

    /// <summary>Deletes up to <paramref name="limit"/> finished runs older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneRunsAsync(DateTimeOffset olderThan, int limit, CancellationToken ct);

    /// <summary>
    /// Monitors with finished runs not analysed yet, with their count of such runs: the first <paramref name="limit"/>
    /// with an id above <paramref name="afterId"/>, in id order.
    /// </summary>
    Task<IReadOnlyList<(Check Check, long Due)>> FindChecksToAnalyzeAsync(long afterId, int limit, CancellationToken ct);

    /// <summary>
    /// For each analysed monitor, in one transaction: makes its open insights those of <see cref="InsightSync.Current"/>
    /// (new conditions are recorded, ended ones cleared, lasting ones left alone), then clears its analysis count if it
    /// is still <see cref="InsightSync.Due"/>. Returns the insights it opened.
    /// </summary>
    Task<IReadOnlyList<InsightRecord>> SyncInsightsAsync(IReadOnlyList<InsightSync> monitors, DateTimeOffset now, CancellationToken ct);

    /// <summary>The monitor's insights, newest first.</summary>
    Task<IReadOnlyList<InsightRecord>> ListInsightsAsync(long checkId, int limit, CancellationToken ct);

    /// <summary>The channels the first step of the monitor's escalation policy would tell.</summary>
    Task<IReadOnlyList<ChannelRecord>> ListFirstStepChannelsAsync(Check check, CancellationToken ct);

    /// <summary>Records that an insight was sent to its channels.</summary>
    Task MarkInsightNotifiedAsync(long insightId, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Copies committed writes from the write-ahead log into the database file, without waiting for the writer or
    /// readers; returns the log frames still to copy. Nothing to do (0) where the database checkpoints by itself.
    /// </summary>
    Task<long> CheckpointAsync(CancellationToken ct);
}
