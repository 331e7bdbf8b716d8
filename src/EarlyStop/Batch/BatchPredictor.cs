using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Inference;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// The pure core of a batch: curves in, prediction rows out. Builds one request per (run, cutoff) in model units,
/// calls the extrapolator once for the whole batch and maps the distributions back to file units.
/// </summary>
internal sealed class BatchPredictor
{
    private readonly ICurveExtrapolator extrapolator;
    private readonly BatchExtrapolatorOptions options;
    private readonly MetricScale mapping;
    private readonly IReadOnlyList<double> levels;

    public BatchPredictor(ICurveExtrapolator extrapolator, BatchExtrapolatorOptions options)
    {
        this.extrapolator = extrapolator;
        this.options = options;
        mapping = new MetricScale(options.EffectiveLower, options.EffectiveUpper, options.Minimize);
        levels = options.ColumnQuantiles;
    }

    /// <summary>The cutoff epochs of a run: its last observed epoch, or max(1, round(f·H)) for each fraction (distinct, ascending).</summary>
    public IReadOnlyList<int> CutoffEpochs(LearningCurve curve)
    {
        if (options.CutoffFractions is null) return [curve.Epochs[^1]];
        return options.CutoffFractions
            .Select(f => Math.Clamp((int)Math.Round(f * curve.Horizon, MidpointRounding.AwayFromZero), 1, curve.Horizon))
            .Distinct()
            .Order()
            .ToArray();
    }

    /// <summary>The epochs queried from cutoff <paramref name="cutoff"/>.</summary>
    public IReadOnlyList<int> QueryEpochs(int cutoff, int horizon)
    {
        if (!options.AllEpochs || cutoff >= horizon) return [horizon];
        var queries = new int[horizon - cutoff];
        for (var i = 0; i < queries.Length; i++) queries[i] = cutoff + 1 + i;
        return queries;
    }

    /// <summary>The requests of one curve (model units), with their cutoffs; cutoffs before the first observation are counted as skipped.</summary>
    public List<(ExtrapolationRequest Request, int Cutoff)> Requests(LearningCurve curve, ref long skipped)
    {
        var result = new List<(ExtrapolationRequest, int)>();
        foreach (var cutoff in CutoffEpochs(curve))
        {
            var count = 0;
            while (count < curve.Count && curve.Epochs[count] <= cutoff) count++;
            if (count == 0)
            {
                skipped++;
                continue;
            }
            var epochs = curve.Epochs.AsSpan(0, count).ToArray();
            var values = new double[count];
            for (var i = 0; i < count; i++) values[i] = mapping.ToModel(curve.Values[i]);
            result.Add((new ExtrapolationRequest(curve.RunId, epochs, values, curve.Horizon, QueryEpochs(cutoff, curve.Horizon), curve.Schedule), cutoff));
        }
        return result;
    }

    /// <summary>Predicts a batch of curves. A batch the extrapolator refuses is retried run by run, and the runs it still refuses are rejected.</summary>
    public PredictionBlock Predict(IReadOnlyList<LearningCurve> curves, CancellationToken cancellationToken)
    {
        var block = new PredictionBlock(curves.Count, levels.Count, options.HasBest);
        long skipped = 0;
        var perCurve = curves.Select(c => Requests(c, ref skipped)).ToList();
        block.CutoffsSkipped = skipped;
        var requests = perCurve.SelectMany(r => r.Select(x => x.Request)).ToList();
        IReadOnlyList<IReadOnlyList<IPredictiveDistribution>>? results = null;
        try
        {
            results = requests.Count == 0 ? [] : extrapolator.Extrapolate(requests, cancellationToken);
        }
        catch (InvalidInputException) when (curves.Count > 1)
        {
            // Isolate the run(s) the model refuses so that one bad run cannot sink the batch.
        }

        var offset = 0;
        for (var c = 0; c < curves.Count; c++)
        {
            var curve = curves[c];
            var mine = perCurve[c];
            IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> distributions;
            if (results is not null)
            {
                distributions = Enumerable.Range(offset, mine.Count).Select(i => results[i]).ToArray();
                offset += mine.Count;
            }
            else
            {
                try
                {
                    distributions = mine.Count == 0 ? [] : extrapolator.Extrapolate(mine.Select(m => m.Request).ToList(), cancellationToken);
                }
                catch (InvalidInputException ex)
                {
                    block.Rejected.Add(new BatchRejectedRun(curve.RunId, curve.Study, RejectionReasons.ModelRejected, null, null, ex.Message));
                    continue;
                }
            }
            Append(block, curve, mine, distributions);
            block.Curves++;
        }
        return block;
    }

    private void Append(PredictionBlock block, LearningCurve curve, List<(ExtrapolationRequest Request, int Cutoff)> requests, IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> distributions)
    {
        double? best = options.BestByStudy is not null && options.BestByStudy.TryGetValue(curve.Study, out var b) ? b : options.Best;
        var bestModel = best is { } bv ? mapping.ToModel(bv) : (double?)null;
        for (var r = 0; r < requests.Count; r++)
        {
            var (request, cutoff) = requests[r];
            var dists = distributions[r];
            for (var q = 0; q < request.QueryEpochs.Count; q++)
            {
                var d = dists[q];
                block.RunIds.Add(curve.RunId);
                block.Studies.Add(curve.Study);
                block.Cutoffs.Add(cutoff);
                block.Queries.Add(request.QueryEpochs[q]);
                block.Horizons.Add(curve.Horizon);
                block.Means.Add(mapping.FromModel(d.Mean));
                block.Medians.Add(mapping.FromModel(d.Median));
                for (var k = 0; k < levels.Count; k++)
                    block.QuantileValues[k].Add(mapping.FromModel(d.Quantile(mapping.ModelLevel(levels[k]))));
                // In model units "better than best" is always "above best", whatever the direction.
                block.PImprove?.Add(bestModel is { } bm ? d.ProbabilityAbove(bm) : null);
            }
        }
    }
}
