using System.Globalization;
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
    LearningRateSchedule? Schedule = null)
{
    /// <summary>
    /// Throws when the request cannot be extrapolated: a horizon ≤ 0, missing lists, fewer than
    /// <paramref name="minimumObservations"/> observed epochs, epoch and value counts that differ, no query epochs when
    /// <paramref name="requireQueries"/>, an explicit schedule shorter than the horizon, epochs outside 1..horizon or not
    /// strictly increasing, NaN/±inf values, values outside [<paramref name="lower"/>, <paramref name="upper"/>], or
    /// query epochs outside 1..horizon. The message names the run and the epoch. Every extrapolator checks its requests
    /// here: the PFN with (1, true, 0, 1), the baselines with one observation, MCMC with none (its prior predictive).
    /// </summary>
    /// <param name="minimumObservations">Fewest observed epochs accepted. The default 0 accepts an empty curve.</param>
    /// <param name="requireQueries">True to reject a request without query epochs. The default is false.</param>
    /// <param name="lower">Smallest value accepted. The default is −∞.</param>
    /// <param name="upper">Largest value accepted. The default is +∞.</param>
    /// <exception cref="InvalidInputException">The request is malformed.</exception>
    public void Validate(int minimumObservations = 0, bool requireQueries = false, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        string run = $"run '{RunId}'";
        if (Horizon <= 0)
            throw new InvalidInputException($"{run}: horizon must be a positive number of epochs; was {Horizon}.");
        if (Epochs is null || Values is null || QueryEpochs is null)
            throw new InvalidInputException($"{run}: epochs, values and query epochs are required.");
        if (Epochs.Count < minimumObservations)
            throw new InvalidInputException(Epochs.Count == 0
                ? $"{run}: the curve is empty; at least {minimumObservations} observed epoch{(minimumObservations == 1 ? " is" : "s are")} needed."
                : $"{run}: {Epochs.Count} observed epochs; at least {minimumObservations} needed.");
        if (Epochs.Count != Values.Count)
            throw new InvalidInputException($"{run}: {Epochs.Count} epochs but {Values.Count} values.");
        if (requireQueries && QueryEpochs.Count == 0)
            throw new InvalidInputException($"{run}: no query epochs; ask for at least one epoch to predict.");
        if (Schedule is { Kind: ScheduleKind.Explicit } schedule && schedule.ExplicitMultipliers.Count < Horizon)
            throw new InvalidInputException($"{run}: the explicit learning-rate schedule lists {schedule.ExplicitMultipliers.Count} epochs but the horizon is {Horizon}; give one multiplier per epoch up to the horizon.");
        for (int i = 0; i < Epochs.Count; i++)
        {
            int epoch = Epochs[i];
            double value = Values[i];
            if (epoch <= 0 || epoch > Horizon)
                throw new InvalidInputException($"{run}, epoch {epoch}: epochs must lie in 1..{Horizon} (the horizon).");
            if (i > 0 && epoch <= Epochs[i - 1])
                throw new InvalidInputException($"{run}, epoch {epoch}: epochs must be strictly increasing; it follows epoch {Epochs[i - 1]}.");
            if (!double.IsFinite(value))
                throw new InvalidInputException($"{run}, epoch {epoch}: the value is {value.ToString(CultureInfo.InvariantCulture)}; values must be finite.");
            if (value < lower || value > upper)
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{run}, epoch {epoch}: the value {value} lies outside [{lower}, {upper}]; normalise the metric (e.g. --scale 0.01 for percent, --minimize for losses) or declare its bounds."));
        }
        foreach (int query in QueryEpochs)
        {
            if (query <= 0 || query > Horizon)
                throw new InvalidInputException($"{run}, query epoch {query}: query epochs must lie in 1..{Horizon} (the horizon).");
        }
    }
}
