using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Cross-validated calibration over one set of curves (<c>eval curves --calibration online</c>): runs are split into
/// k folds by a stable hash of the run id, and the forecasts of a run are calibrated by a model fitted on the pairs of
/// the other folds only, so no run is ever calibrated on itself.
/// </summary>
public sealed class KFoldCalibration
{
    /// <summary>The default number of folds: 5.</summary>
    public const int DefaultFolds = 5;

    private readonly CalibrationModel[] models;

    private KFoldCalibration(CalibrationModel[] models) => this.models = models;

    /// <summary>The fitted model of each fold (fitted without that fold's runs).</summary>
    public IReadOnlyList<CalibrationModel> Models => models;

    /// <summary>Collects pairs from <paramref name="curves"/> with <paramref name="extrapolator"/> and fits one model per fold.</summary>
    /// <param name="extrapolator">The raw forecaster.</param>
    /// <param name="curves">Complete curves in model units.</param>
    /// <param name="cutoffs">The cutoff fractions pairs are made at; <see cref="CalibrationOptions.DefaultFitCutoffs"/> when null.</param>
    /// <param name="options">Fitting options.</param>
    /// <param name="folds">Folds, at least 2.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    public static KFoldCalibration Fit(ICurveExtrapolator extrapolator, IReadOnlyList<LearningCurve> curves, IReadOnlyList<double>? cutoffs = null,
        CalibrationOptions? options = null, int folds = DefaultFolds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var pairs = CalibrationPairCollector.Collect(extrapolator, curves, cutoffs, cancellationToken: cancellationToken);
        var foldOf = curves.ToDictionary(c => $"{c.Study}/{c.RunId}", c => Fold(c.RunId, folds), StringComparer.Ordinal);
        var models = new CalibrationModel[folds];
        for (int k = 0; k < folds; k++)
        {
            var train = pairs.Where(p => foldOf.GetValueOrDefault(p.Group, -1) != k).ToList();
            models[k] = CalibrationFitter.Fit(train, options, $"{folds}-fold by run (fold {k + 1})");
        }
        return new KFoldCalibration(models);
    }

    /// <summary>The model for a request: the one fitted without the request's run.</summary>
    public CalibrationModel For(ExtrapolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return models[Fold(request.RunId, models.Length)];
    }

    /// <summary>The fold of a run id: a stable FNV-1a hash modulo <paramref name="folds"/> (the same on every machine).</summary>
    public static int Fold(string runId, int folds)
    {
        ArgumentNullException.ThrowIfNull(runId);
        uint hash = 2166136261;
        foreach (char c in runId)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)(hash % (uint)folds);
    }
}
