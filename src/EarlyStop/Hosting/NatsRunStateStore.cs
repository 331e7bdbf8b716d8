using System.Text.Json;
using LcPfn.EarlyStop.Policies;
using NATS.Client.KeyValueStore;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// Run state and study bests in a JetStream key-value bucket. Writes are compare-and-set on the entry revision
/// (create when the revision read was 0), so two replicas or a redelivery can never store two decisions for
/// one (run, epoch). Run states this replica read or wrote are kept in a <see cref="RunStateCache"/>: trusted, they
/// spare the read of a run's next report; the compare-and-set catches a stale one (the entry is dropped and the
/// caller re-reads).
/// </summary>
internal sealed class NatsRunStateStore(INatsKVStore kv, RunStateCache? cache = null) : IRunStateStore
{
    private readonly RunStateCache _cache = cache ?? new RunStateCache();

    public async ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken)
    {
        var key = NatsSubjects.RunKey(study, runId);
        if (_cache.TryGetTrusted(key, out var cached)) return cached;
        var result = await kv.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success)
            return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? default : throw result.Error;
        var entry = result.Value;
        if (entry.Value is null || entry.Value.Length == 0) return new Versioned<RunState>(null, entry.Revision);
        var state = _cache.Match(key, entry.Revision);
        if (state is null)
        {
            state = JsonSerializer.Deserialize(entry.Value, HostingJsonContext.Default.RunState);
            if (state is not null) _cache.Put(key, state, entry.Revision);
        }
        return new Versioned<RunState>(state, entry.Revision);
    }

    public async ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken)
    {
        var key = NatsSubjects.RunKey(state.Study, state.RunId);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, HostingJsonContext.Default.RunState);
        var revision = await TryWriteRevisionAsync(key, bytes, expectedRevision, cancellationToken).ConfigureAwait(false);
        if (revision is { } stored)
        {
            _cache.Put(key, state, stored);
            return true;
        }
        _cache.Conflict(key);
        return false;
    }

    public async ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken)
    {
        var (best, _) = await GetBestAsync(study, cancellationToken).ConfigureAwait(false);
        return best;
    }

    public async ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (best, revision) = await GetBestAsync(study, cancellationToken).ConfigureAwait(false);
            if (best is { } b && !direction.IsBetter(finalValue, b)) return;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(finalValue, HostingJsonContext.Default.Double);
            if (await TryWriteAsync(NatsSubjects.BestKey(study), bytes, revision, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    public async ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken)
    {
        var (runs, _) = await GetCompletedAsync(study, cancellationToken).ConfigureAwait(false);
        return runs;
    }

    public async ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (runs, revision) = await GetCompletedAsync(study, cancellationToken).ConfigureAwait(false);
            if (runs.Contains(runId, StringComparer.Ordinal)) return;
            var bytes = JsonSerializer.SerializeToUtf8Bytes([.. runs, runId], HostingJsonContext.Default.StringArray);
            if (await TryWriteAsync(NatsSubjects.CompletedKey(study), bytes, revision, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    private async ValueTask<(string[] Runs, ulong Revision)> GetCompletedAsync(string study, CancellationToken cancellationToken)
    {
        var result = await kv.TryGetEntryAsync<byte[]>(NatsSubjects.CompletedKey(study), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success)
            return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? ([], 0) : throw result.Error;
        var entry = result.Value;
        if (entry.Value is null || entry.Value.Length == 0) return ([], entry.Revision);
        return (JsonSerializer.Deserialize(entry.Value, HostingJsonContext.Default.StringArray) ?? [], entry.Revision);
    }

    private async ValueTask<(double? Best, ulong Revision)> GetBestAsync(string study, CancellationToken cancellationToken)
    {
        var result = await kv.TryGetEntryAsync<byte[]>(NatsSubjects.BestKey(study), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success)
            return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? (null, 0) : throw result.Error;
        var entry = result.Value;
        if (entry.Value is null || entry.Value.Length == 0) return (null, entry.Revision);
        return (JsonSerializer.Deserialize(entry.Value, HostingJsonContext.Default.Double), entry.Revision);
    }

    private async ValueTask<bool> TryWriteAsync(string key, byte[] bytes, ulong expectedRevision, CancellationToken cancellationToken) =>
        await TryWriteRevisionAsync(key, bytes, expectedRevision, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The new revision, or null when the stored revision was not <paramref name="expectedRevision"/>.</summary>
    private async ValueTask<ulong?> TryWriteRevisionAsync(string key, byte[] bytes, ulong expectedRevision, CancellationToken cancellationToken)
    {
        var result = expectedRevision == 0
            ? await kv.TryCreateAsync(key, bytes, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await kv.TryUpdateAsync(key, bytes, expectedRevision, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.Success) return result.Value;
        return result.Error is NatsKVWrongLastRevisionException or NatsKVCreateException ? null : throw result.Error;
    }
}
