using System.Diagnostics;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// Runs the evaluation protocol: for every cutoff fraction and every curve of an <see cref="EvaluationSet"/>, one
/// <see cref="ExtrapolationRequest"/> (observed epochs up to the cutoff, queries at every later observed epoch),
/// sent in batches to any <see cref="ICurveExtrapolator"/>; then the scores of <see cref="CutoffMetrics"/>.
/// Batches run in parallel for <see cref="IParallelSafeExtrapolator"/>s and one at a time otherwise (the PFN batches
/// and threads itself). Scores are reduced in curve order, so the result does not depend on the thread count.
/// </summary>
public sealed class CurveEvaluator
{
    private readonly EvaluationOptions _options;
    private readonly IProgress<EvaluationProgress>? _progress;
    private readonly TimeProvider _time;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="options">Batching and parallelism. The cutoffs are those of the <see cref="EvaluationSet"/> (screened for them), not these. Defaults when null.</param>
    /// <param name="progress">Receives progress after every batch (for example an <see cref="EvaluationProgressWriter"/>).</param>
    /// <param name="time">The clock for timings; <see cref="TimeProvider.System"/> when null.</param>
    public CurveEvaluator(EvaluationOptions? options = null, IProgress<EvaluationProgress>? progress = null, TimeProvider? time = null)
    {
        _options = options ?? new EvaluationOptions();
        _options.Validate();
        _progress = progress;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Scores <paramref name="extrapolator"/> on every curve and cutoff of <paramref name="set"/>.</summary>
    /// <exception cref="InvalidOperationException">The extrapolator returned the wrong number of predictions.</exception>
    public EvaluationResult Evaluate(EvaluationSet set, ICurveExtrapolator extrapolator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(extrapolator);
        int n = set.Curves.Count;
        long total = (long)n * set.Cutoffs.Count;
        long done = 0;
        long start = _time.GetTimestamp();
        var parallelSafe = extrapolator as IParallelSafeExtrapolator;
        var metrics = new List<CutoffMetrics>(set.Cutoffs.Count);
        foreach (double fraction in set.Cutoffs)
        {
            var scores = new CurveScore[n];
            long fallbacksBefore = parallelSafe?.FallbackCount ?? 0;
            int batches = (n + _options.BatchSize - 1) / _options.BatchSize;
            void RunBatch(int b)
            {
                int from = b * _options.BatchSize, to = Math.Min(n, from + _options.BatchSize);
                ScoreBatch(set, fraction, from, to, extrapolator, scores, cancellationToken);
                long now = Interlocked.Add(ref done, to - from);
                _progress?.Report(new EvaluationProgress(extrapolator.Name, now, total, _time.GetElapsedTime(start)));
            }
            if (parallelSafe is not null)
            {
                var parallel = new ParallelOptions
                {
                    CancellationToken = cancellationToken,
                    MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism,
                };
                Parallel.For(0, batches, parallel, RunBatch);
            }
            else
            {
                for (int b = 0; b < batches; b++) RunBatch(b);
            }
            long fallbacks = (parallelSafe?.FallbackCount ?? 0) - fallbacksBefore;
            metrics.Add(Reduce(fraction, scores, fallbacks));
        }
        double seconds = _time.GetElapsedTime(start).TotalSeconds;
        return new EvaluationResult(extrapolator.Name, n, metrics, seconds, total);
    }

    private static void ScoreBatch(EvaluationSet set, double fraction, int from, int to, ICurveExtrapolator extrapolator, CurveScore[] scores, CancellationToken cancellationToken)
    {
        var requests = new ExtrapolationRequest[to - from];
        var truths = new double[to - from][];
        for (int i = from; i < to; i++)
        {
            var curve = set.Curves[i];
            requests[i - from] = CutoffPlan.Request(curve, CutoffPlan.CutoffEpoch(curve.Horizon, fraction), out truths[i - from]);
        }
        var predictions = extrapolator.Extrapolate(requests, cancellationToken);
        if (predictions.Count != requests.Length)
            throw new InvalidOperationException($"{extrapolator.Name} returned {predictions.Count} prediction lists for {requests.Length} requests.");
        for (int r = 0; r < requests.Length; r++)
        {
            var p = predictions[r];
            double[] truth = truths[r];
            if (p.Count != truth.Length)
                throw new InvalidOperationException($"{extrapolator.Name} returned {p.Count} predictions for {truth.Length} query epochs of run '{requests[r].RunId}'.");
            var final = p[^1];
            double y = truth[^1];
            scores[from + r] = new CurveScore(
                PredictiveMetrics.MeanLogLikelihood(p, truth),
                PredictiveMetrics.SquaredErrorOfMedian(final, y),
                PredictiveMetrics.IsCovered(final, y, 0.9),
                PredictiveMetrics.IsCovered(final, y, 0.5));
        }
    }

    private static CutoffMetrics Reduce(double fraction, CurveScore[] scores, long fallbacks)
    {
        int n = scores.Length;
        if (n == 0) return new CutoffMetrics(fraction, 0, double.NaN, double.NaN, double.NaN, double.NaN, fallbacks);
        double ll = 0, se = 0;
        int c90 = 0, c50 = 0;
        foreach (var s in scores)
        {
            ll += s.LogLikelihood;
            se += s.SquaredError;
            if (s.Covered90) c90++;
            if (s.Covered50) c50++;
        }
        return new CutoffMetrics(fraction, n, ll / n, se / n, (double)c90 / n, (double)c50 / n, fallbacks);
    }

    private readonly record struct CurveScore(double LogLikelihood, double SquaredError, bool Covered90, bool Covered50);
}
