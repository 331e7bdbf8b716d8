using System.Collections.Concurrent;
using LcPfn.EarlyStop.Calibration;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Inference;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// <c>lcpfn</c>: the predictive rule (<see cref="StopRule"/>). At each due check it asks an
/// <see cref="ICurveExtrapolator"/> (the PFN, or any baseline) for the distribution of the run's value at its
/// horizon and stops the run when P(final better than best so far) &lt; <see cref="StopRuleOptions.Threshold"/>.
/// Values go to the extrapolator in the model's convention (increasing, [0, 1]) through the rule's metric bounds.
/// </summary>
/// <remarks>
/// Forecasts depend only on the run's own curve, so <see cref="Prefetch"/> can compute many of them in one batched
/// call (the replay simulator does this once for every run and check epoch) and <see cref="Forecast"/> then reads
/// them from the cache, keyed by (run id, last epoch). Policies made by <see cref="WithRule"/> share the cache.
/// </remarks>
public sealed class PredictiveStoppingPolicy : IStoppingPolicy
{
    /// <summary>How many requests go to the extrapolator in one call of <see cref="Prefetch"/>: 512.</summary>
    public const int PrefetchChunk = 512;

    private readonly ICurveExtrapolator extrapolator;
    private readonly Lock extrapolatorGate = new();
    private readonly MetricScale scale;
    private readonly ConcurrentDictionary<(string RunId, int Epoch), IPredictiveDistribution> cache;

    /// <summary>Creates the policy.</summary>
    /// <param name="extrapolator">Predicts final values in the model's convention; not owned (not disposed).</param>
    /// <param name="rule">The rule's options; validated.</param>
    public PredictiveStoppingPolicy(ICurveExtrapolator extrapolator, StopRuleOptions? rule = null)
        : this(extrapolator, (rule ?? new StopRuleOptions()).Validate(), new ConcurrentDictionary<(string, int), IPredictiveDistribution>(), null)
    {
    }

    private PredictiveStoppingPolicy(ICurveExtrapolator extrapolator, StopRuleOptions rule, ConcurrentDictionary<(string, int), IPredictiveDistribution> cache, CalibrationSettings? calibration)
    {
        ArgumentNullException.ThrowIfNull(extrapolator);
        this.extrapolator = extrapolator;
        this.cache = cache;
        Rule = rule;
        Calibration = calibration;
        scale = rule.CreateMetricScale();
    }

    /// <inheritdoc />
    public string Name => StopRule.PolicyName;

    /// <inheritdoc />
    public StopRuleOptions Rule { get; }

    /// <inheritdoc />
    public bool UsesForecast => true;

    /// <summary>
    /// How decisions read the forecasts: the cache holds raw forecasts, and each <see cref="State.StudyState"/> calibrates them
    /// (offline map, then its own online pairs) when a decision reads them. Null: raw.
    /// </summary>
    public CalibrationSettings? Calibration { get; }

    /// <summary>How many forecasts the cache holds.</summary>
    public int CachedForecasts => cache.Count;

    /// <summary>
    /// The same policy with other options (e.g. another threshold), sharing this one's extrapolator and cache.
    /// The cache stays valid when the direction and bounds are unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The direction or the bounds differ (cached forecasts would be in other units).</exception>
    public PredictiveStoppingPolicy WithRule(StopRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        if (rule.Direction != Rule.Direction || rule.LowerBound != Rule.LowerBound || rule.UpperBound != Rule.UpperBound)
            throw new ArgumentException("WithRule keeps the cache, so the direction and the metric bounds must stay the same.", nameof(rule));
        return new PredictiveStoppingPolicy(extrapolator, rule, cache, Calibration);
    }

    /// <summary>The same policy reading its forecasts through <paramref name="calibration"/>, sharing this one's extrapolator and cache.</summary>
    public PredictiveStoppingPolicy WithCalibration(CalibrationSettings? calibration) =>
        new(extrapolator, Rule, cache, calibration is { IsActive: true } ? calibration : null);

    /// <inheritdoc />
    public IPredictiveDistribution Forecast(LearningCurve partial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partial);
        if (cache.TryGetValue((partial.RunId, partial.Epochs[^1]), out var cached))
            return cached;
        return scale.ToMetric(Extrapolate([ToRequest(partial)], cancellationToken)[0][0]);
    }

    /// <summary>
    /// Forecasts every curve's final value in batched calls and caches the results under (run id, last epoch); later
    /// <see cref="Forecast"/> calls for the same key read the cache. Curves already cached are skipped.
    /// </summary>
    /// <param name="partials">Partial curves in metric units; a run id names one fixed curve for the cache's lifetime.</param>
    /// <param name="progress">Receives the number of forecasts done so far after each chunk.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    public void Prefetch(IReadOnlyList<LearningCurve> partials, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partials);
        var todo = partials.Where(p => !cache.ContainsKey((p.RunId, p.Epochs[^1]))).ToList();
        var forecasts = ForecastMany(todo, progress, cancellationToken);
        for (int i = 0; i < todo.Count; i++)
            cache[(todo[i].RunId, todo[i].Epochs[^1])] = forecasts[i];
    }

    /// <summary>
    /// Forecasts every curve's final value in batched calls, like <see cref="Prefetch"/>, but returns the forecasts
    /// (in the order of <paramref name="partials"/>) instead of caching them: for callers that keep their own cache
    /// with their own lifetime (the replay engine drops a run's forecasts once every arrival order has passed it).
    /// </summary>
    /// <param name="partials">Partial curves in metric units.</param>
    /// <param name="progress">Receives the number of forecasts done so far after each chunk.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    public IPredictiveDistribution[] ForecastMany(IReadOnlyList<LearningCurve> partials, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partials);
        var forecasts = new IPredictiveDistribution[partials.Count];
        int done = 0;
        // Extrapolators that allow it (the managed baselines) get chunks in parallel; the PFN one chunk at a time.
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = extrapolator is IParallelSafeExtrapolator ? Environment.ProcessorCount : 1,
            CancellationToken = cancellationToken,
        };
        int chunks = (partials.Count + PrefetchChunk - 1) / PrefetchChunk;
        Parallel.For(0, chunks, parallel, c =>
        {
            int start = c * PrefetchChunk, count = Math.Min(PrefetchChunk, partials.Count - start);
            var requests = new ExtrapolationRequest[count];
            for (int i = 0; i < count; i++) requests[i] = ToRequest(partials[start + i]);
            var result = Extrapolate(requests, cancellationToken);
            for (int i = 0; i < count; i++)
                forecasts[start + i] = scale.ToMetric(result[i][0]);
            progress?.Report(Interlocked.Add(ref done, count));
        });
        return forecasts;
    }

    /// <summary>Empties the forecast cache.</summary>
    public void ClearCache() => cache.Clear();

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context)
    {
        var run = context.Run;
        if (!context.CheckDue)
            return StopDecision.Skip(run.RunId, run.Epoch, Name, $"no check due at epoch {run.Epoch}");
        double? best = context.Study.BestSoFar(run.RunId);
        if (context.Forecast is null)
        {
            return StopDecision.Skip(run.RunId, run.Epoch, Name, best is null
                ? $"no completed run to compare with at epoch {run.Epoch}"
                : $"no forecast for epoch {run.Epoch}");
        }
        return StopRule.Decide(run.ToCurve(), best, context.Forecast, Rule);
    }

    /// <summary>
    /// Calls the extrapolator; one call at a time unless it is an <see cref="IParallelSafeExtrapolator"/> (the PFN is
    /// not declared safe for concurrent calls, so runs reporting in parallel queue here, outside the study's lock).
    /// </summary>
    private IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken)
    {
        if (extrapolator is IParallelSafeExtrapolator)
            return extrapolator.Extrapolate(requests, cancellationToken);
        lock (extrapolatorGate)
            return extrapolator.Extrapolate(requests, cancellationToken);
    }

    private ExtrapolationRequest ToRequest(LearningCurve partial)
    {
        var values = new double[partial.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = scale.ToModel(partial.Values[i]);
        return new ExtrapolationRequest(partial.RunId, partial.Epochs, values, partial.Horizon, [partial.Horizon], partial.Schedule);
    }
}
