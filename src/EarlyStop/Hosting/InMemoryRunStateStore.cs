using LcPfn.EarlyStop.Policies;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>The inproc <see cref="IRunStateStore"/>: dictionaries under one lock (the critical sections are a few loads and stores).</summary>
internal sealed class InMemoryRunStateStore : IRunStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Study, string Run), Versioned<RunState>> _runs = [];
    private readonly Dictionary<string, double> _best = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _completed = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken)
    {
        lock (_gate)
            return ValueTask.FromResult<IReadOnlyList<string>>(_completed.TryGetValue(study, out var runs) ? [.. runs] : []);
    }

    public ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_completed.TryGetValue(study, out var runs))
                _completed[study] = runs = [];
            if (!runs.Contains(runId, StringComparer.Ordinal)) runs.Add(runId);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
            return ValueTask.FromResult(_runs.TryGetValue((study, runId), out var v) ? v : default);
    }

    public ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (state.Study, state.RunId);
            var current = _runs.TryGetValue(key, out var v) ? v.Revision : 0UL;
            if (current != expectedRevision) return ValueTask.FromResult(false);
            _runs[key] = new Versioned<RunState>(state, current + 1);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken)
    {
        lock (_gate)
            return ValueTask.FromResult(_best.TryGetValue(study, out var b) ? b : (double?)null);
    }

    public ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_best.TryGetValue(study, out var best) || direction.IsBetter(finalValue, best))
                _best[study] = finalValue;
        }
        return ValueTask.CompletedTask;
    }
}
