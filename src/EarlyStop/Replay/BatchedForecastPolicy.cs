using System.Diagnostics;
using LcPfn.EarlyStop.Policies;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Replay;

/// <summary>
/// The <c>lcpfn</c> policy with its forecasts batched and cached the way a replay needs them (the replay engine and
/// <c>lcpfn demo</c> both go through it). A run's forecast at a check epoch depends on its own curve only, not on the
/// arrival order, the best so far or the threshold, so each (run, check epoch) is forecast at most once and every
/// arrival order reads the same forecast. <see cref="Fetch"/> forecasts many of them in one batched call;
/// <see cref="Forecast"/> reads the cache. A run's forecasts are dropped once every arrival order has passed it
/// (<see cref="Passed"/>), so the cache holds only what an order may still read. Decisions are the inner policy's.
/// </summary>
/// <remarks>Not thread-safe: the replay engine drives it from one thread.</remarks>
public sealed class BatchedForecastPolicy : IStoppingPolicy
{
    private readonly PredictiveStoppingPolicy inner;
    private readonly IReadOnlyList<LearningCurve> runs;
    private readonly Dictionary<string, int> indexOf;
    private readonly int[] ordersLeft;
    private readonly Dictionary<(int Run, int Epoch), IPredictiveDistribution> cache = [];
    private readonly Stopwatch forecasting = new();

    /// <summary>Wraps <paramref name="inner"/> for a replay of <paramref name="runs"/> in <paramref name="orders"/> arrival orders.</summary>
    /// <param name="inner">Makes the forecasts and decides.</param>
    /// <param name="runs">The replayed runs, complete curves (every epoch 1..horizon), with ids unique across studies.</param>
    /// <param name="orders">How many arrival orders read each run's forecasts before they are dropped.</param>
    public BatchedForecastPolicy(PredictiveStoppingPolicy inner, IReadOnlyList<LearningCurve> runs, int orders)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(orders, 1);
        this.inner = inner;
        this.runs = runs;
        indexOf = new Dictionary<string, int>(runs.Count, StringComparer.Ordinal);
        for (int i = 0; i < runs.Count; i++)
        {
            if (!indexOf.TryAdd(runs[i].RunId, i))
                throw new ArgumentException($"Run id '{runs[i].RunId}' is repeated; a replay needs unique ids.", nameof(runs));
        }
        ordersLeft = new int[runs.Count];
        Array.Fill(ordersLeft, orders);
    }

    /// <summary>Forecasts made so far (each (run, check epoch) at most once).</summary>
    public int Made { get; private set; }

    /// <summary>Batched extrapolator calls made by <see cref="Fetch"/>.</summary>
    public int Batches { get; private set; }

    /// <summary>The most forecasts the cache held at once.</summary>
    public int PeakCached { get; private set; }

    /// <summary>Time spent forecasting.</summary>
    public TimeSpan ForecastTime => forecasting.Elapsed;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public StopRuleOptions Rule => inner.Rule;

    /// <inheritdoc />
    public Calibration.CalibrationSettings? Calibration => inner.Calibration;

    /// <inheritdoc />
    public bool UsesForecast => true;

    /// <summary>True when run number <paramref name="run"/>'s forecast at <paramref name="epoch"/> is cached.</summary>
    public bool IsCached(int run, int epoch) => cache.ContainsKey((run, epoch));

    /// <summary>
    /// Forecasts every (run number, epoch) not cached yet in one batched call, shortest prefixes first so that a chunk
    /// of the extrapolator holds curves of similar length (less padding), and caches them.
    /// </summary>
    public void Fetch(IEnumerable<(int Run, int Epoch)> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var keys = new HashSet<(int Run, int Epoch)>();
        foreach (var key in wanted)
        {
            if (!cache.ContainsKey(key)) keys.Add(key);
        }
        if (keys.Count == 0) return;
        var ordered = keys.OrderBy(k => k.Epoch).ThenBy(k => k.Run).ToList();
        var partials = new LearningCurve[ordered.Count];
        for (int i = 0; i < ordered.Count; i++)
            partials[i] = Prefix(runs[ordered[i].Run], ordered[i].Epoch);
        var forecasts = ForecastBatch(partials, cancellationToken);
        for (int i = 0; i < ordered.Count; i++)
            cache[ordered[i]] = forecasts[i];
        Batches++;
        PeakCached = Math.Max(PeakCached, cache.Count);
    }

    /// <summary>
    /// One arrival order is done with run number <paramref name="run"/>; after the last order its forecasts are dropped.
    /// </summary>
    public void Passed(int run)
    {
        if (--ordersLeft[run] > 0) return;
        int horizon = runs[run].Horizon;
        for (int epoch = 1; epoch <= horizon; epoch++)
            cache.Remove((run, epoch));
    }

    /// <inheritdoc />
    /// <remarks>Reads the cache; a forecast the engine did not fetch (none in a replay) is made alone and cached.</remarks>
    public IPredictiveDistribution Forecast(LearningCurve partial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partial);
        if (!indexOf.TryGetValue(partial.RunId, out int run))
            return inner.Forecast(partial, cancellationToken);
        var key = (run, partial.Epochs[^1]);
        if (cache.TryGetValue(key, out var cached))
            return cached;
        var made = ForecastBatch([partial], cancellationToken)[0];
        cache[key] = made;
        PeakCached = Math.Max(PeakCached, cache.Count);
        return made;
    }

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context) => inner.Decide(context);

    /// <summary>The first <paramref name="epoch"/> epochs of a complete curve, as <see cref="ReplaySimulator.CheckPoints"/> cuts it.</summary>
    internal static LearningCurve Prefix(LearningCurve run, int epoch) =>
        new(run.RunId, run.Study, run.Horizon, run.Epochs[..epoch], run.Values[..epoch]) { Schedule = run.Schedule };

    private IPredictiveDistribution[] ForecastBatch(IReadOnlyList<LearningCurve> partials, CancellationToken cancellationToken)
    {
        forecasting.Start();
        try
        {
            var forecasts = inner.ForecastMany(partials, cancellationToken: cancellationToken);
            Made += forecasts.Length;
            return forecasts;
        }
        finally
        {
            forecasting.Stop();
        }
    }
}
