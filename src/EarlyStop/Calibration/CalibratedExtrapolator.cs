using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Wraps any <see cref="ICurveExtrapolator"/> (the PFN, a baseline, the MCMC posterior) and returns its forecasts
/// through a <see cref="CalibrationModel"/>: the bin is chosen by the request's last observed epoch / horizon, and the
/// map applies fully to the horizon's value and partly (by the lead (t − e)/(H − e)) to earlier epochs t. With the
/// identity calibration it returns the inner forecasts unchanged.
/// </summary>
public sealed class CalibratedExtrapolator : ICurveExtrapolator
{
    private readonly ICurveExtrapolator inner;
    private readonly Func<ExtrapolationRequest, CalibrationModel> calibrationFor;

    /// <summary>Calibrates every request with <paramref name="calibration"/>.</summary>
    /// <param name="inner">The raw forecaster; not owned.</param>
    /// <param name="calibration">The fitted calibration (model units).</param>
    public CalibratedExtrapolator(ICurveExtrapolator inner, CalibrationModel calibration)
        : this(inner, Constant(calibration))
    {
    }

    /// <summary>
    /// Calibrates each request with the calibration <paramref name="calibrationFor"/> picks for it (for example by
    /// cross-validation fold, so that a run is never calibrated on itself).
    /// </summary>
    public CalibratedExtrapolator(ICurveExtrapolator inner, Func<ExtrapolationRequest, CalibrationModel> calibrationFor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(calibrationFor);
        this.inner = inner;
        this.calibrationFor = calibrationFor;
    }

    /// <summary>The inner forecaster's name: reports compare calibrated and raw rows by the calibration column.</summary>
    public string Name => inner.Name;

    /// <summary>The raw forecaster.</summary>
    public ICurveExtrapolator Inner => inner;

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var raw = inner.Extrapolate(requests, cancellationToken);
        var result = new IReadOnlyList<IPredictiveDistribution>[raw.Count];
        for (int r = 0; r < raw.Count; r++)
        {
            var request = requests[r];
            var calibration = calibrationFor(request);
            if (calibration.IsIdentity || request.Epochs.Count == 0)
            {
                result[r] = raw[r];
                continue;
            }
            int e = request.Epochs[^1];
            double fraction = (double)e / request.Horizon;
            var calibrated = new IPredictiveDistribution[raw[r].Count];
            for (int q = 0; q < calibrated.Length; q++)
                calibrated[q] = calibration.Apply(raw[r][q], fraction, Lead(e, request.QueryEpochs[q], request.Horizon));
            result[r] = calibrated;
        }
        return result;
    }

    /// <summary>(t − e)/(H − e) clamped to [0, 1]: 1 at the horizon.</summary>
    internal static double Lead(int lastObserved, int query, int horizon) =>
        horizon <= lastObserved ? 1 : Math.Clamp((double)(query - lastObserved) / (horizon - lastObserved), 0, 1);

    private static Func<ExtrapolationRequest, CalibrationModel> Constant(CalibrationModel calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return _ => calibration;
    }
}
