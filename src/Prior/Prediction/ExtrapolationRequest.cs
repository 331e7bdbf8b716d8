using LcPfn.Prior.Schedules;

namespace LcPfn.Prior.Prediction;

/// <summary>
/// One partial curve to extrapolate: the observed (epoch, value) pairs of a run with the given horizon, and
/// the epochs whose values to predict.
/// </summary>
/// <param name="RunId">Names the run in error messages.</param>
/// <param name="Epochs">Observed epochs, strictly increasing, in 1..<paramref name="Horizon"/>.</param>
/// <param name="Values">Observed values, one per epoch, finite.</param>
/// <param name="Horizon">The run's final epoch; epoch e enters the PFN as x = e·100/Horizon.</param>
/// <param name="QueryEpochs">Epochs to predict, each in 1..<paramref name="Horizon"/>.</param>
/// <param name="Schedule">The run's learning-rate schedule over its horizon, or null (unknown). Models trained with the
/// schedule as an input condition on it; others ignore it.</param>
public sealed record ExtrapolationRequest(
    string RunId,
    IReadOnlyList<int> Epochs,
    IReadOnlyList<double> Values,
    int Horizon,
    IReadOnlyList<int> QueryEpochs,
    LearningRateSchedule? Schedule = null);
