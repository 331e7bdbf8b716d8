using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Offline pairs from finished runs of the same pipeline (past studies): the extrapolator forecasts each complete
/// curve's final value from its first round(f·H) epochs at every cutoff fraction f, and the pair keeps that forecast
/// with the curve's actual final value. Values must already be in model units ([0, 1], larger is better).
/// </summary>
public static class CalibrationPairCollector
{
    /// <summary>Requests per extrapolator call: 512.</summary>
    public const int Chunk = 512;

    /// <summary>Collects the pairs.</summary>
    /// <param name="extrapolator">The raw forecaster to be calibrated.</param>
    /// <param name="curves">Finished runs; curves without their final epoch, or too short, are skipped.</param>
    /// <param name="cutoffs">Cutoff fractions in (0, 1); <see cref="CalibrationOptions.DefaultFitCutoffs"/> when null.</param>
    /// <param name="groupPrefix">Prefixed to run ids (keeps runs of different files apart).</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    public static List<CalibrationPair> Collect(ICurveExtrapolator extrapolator, IReadOnlyList<LearningCurve> curves,
        IReadOnlyList<double>? cutoffs = null, string groupPrefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extrapolator);
        ArgumentNullException.ThrowIfNull(curves);
        cutoffs ??= CalibrationOptions.DefaultFitCutoffs;
        var jobs = new List<(ExtrapolationRequest Request, string Group, double Fraction, double Actual)>();
        foreach (var curve in curves)
        {
            if (curve.Count < 2 || curve.Horizon < 2 || curve.Epochs[^1] != curve.Horizon) continue;
            string group = $"{groupPrefix}{curve.Study}/{curve.RunId}";
            foreach (double f in cutoffs)
            {
                int k = Math.Clamp((int)Math.Round(f * curve.Horizon, MidpointRounding.AwayFromZero), 1, curve.Horizon - 1);
                int split = 0;
                while (split < curve.Count && curve.Epochs[split] <= k) split++;
                if (split == 0 || split >= curve.Count) continue;
                var request = new ExtrapolationRequest(curve.RunId, curve.Epochs[..split], curve.Values[..split], curve.Horizon, [curve.Horizon], curve.Schedule);
                jobs.Add((request, group, (double)curve.Epochs[split - 1] / curve.Horizon, curve.Values[^1]));
            }
        }
        var pairs = new List<CalibrationPair>(jobs.Count);
        foreach (var chunk in jobs.Chunk(Chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var forecasts = extrapolator.Extrapolate(chunk.Select(j => j.Request).ToList(), cancellationToken);
            for (int i = 0; i < chunk.Length; i++)
                pairs.Add(new CalibrationPair(chunk[i].Group, chunk[i].Fraction, ForecastSketch.Of(forecasts[i][^1]), chunk[i].Actual));
        }
        return pairs;
    }
}
