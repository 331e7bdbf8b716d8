using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// A rule that decides after each reported epoch whether a run continues. Every policy runs behind the same
/// <see cref="State.StudyState"/> bookkeeping, so replay comparisons between them are fair. Implementations are
/// thread-safe and keep no per-study state of their own (that lives in <see cref="State.StudyState"/>).
/// </summary>
public interface IStoppingPolicy
{
    /// <summary>The policy's name: <c>lcpfn</c>, <c>median</c>, <c>asha</c>, <c>patience</c> or <c>none</c>.</summary>
    string Name { get; }

    /// <summary>The shared options: schedule, direction, metric bounds, best-so-far mode (and the threshold for <c>lcpfn</c>).</summary>
    StopRuleOptions Rule { get; }

    /// <summary>True when <see cref="Forecast"/> must be called before <see cref="Decide"/> at due checks.</summary>
    bool UsesForecast => false;

    /// <summary>
    /// The predictive distribution of the run's final value in metric units. Called outside the study's lock (it
    /// may be slow), only when <see cref="UsesForecast"/> is true and a check is due.
    /// </summary>
    IPredictiveDistribution Forecast(LearningCurve partial, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Policy '{Name}' makes no forecasts.");

    /// <summary>
    /// How the forecasts are calibrated before <see cref="Decide"/> reads them; null (the default) for policies that
    /// make no forecasts or read them raw. Each <see cref="State.StudyState"/> applies it with its own online pairs.
    /// </summary>
    Calibration.CalibrationSettings? Calibration => null;

    /// <summary>Decides; called under the study's lock, so it must be quick and must not block.</summary>
    StopDecision Decide(StoppingContext context);
}
