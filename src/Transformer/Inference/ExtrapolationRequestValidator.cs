using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// Checks an <see cref="ExtrapolationRequest"/> in the model's convention and throws an
/// <see cref="InvalidInputException"/> that names the run and the epoch.
/// </summary>
public static class ExtrapolationRequestValidator
{
    /// <summary>Throws when the request cannot be predicted: horizon ≤ 0, no observations, epochs outside
    /// 1..horizon, unsorted or duplicate epochs, counts that differ, NaN/±inf values, values outside [0, 1], or no queries.</summary>
    /// <param name="request">The request.</param>
    /// <param name="lower">Smallest allowed value (default 0, the model's convention).</param>
    /// <param name="upper">Largest allowed value (default 1).</param>
    public static void Validate(ExtrapolationRequest request, double lower = 0, double upper = 1)
    {
        ArgumentNullException.ThrowIfNull(request);
        string run = $"run '{request.RunId}'";
        if (request.Horizon <= 0)
            throw new InvalidInputException($"{run}: horizon must be a positive number of epochs; was {request.Horizon}.");
        if (request.Epochs is null || request.Values is null || request.QueryEpochs is null)
            throw new InvalidInputException($"{run}: epochs, values and query epochs are required.");
        if (request.Epochs.Count == 0)
            throw new InvalidInputException($"{run}: the curve is empty; at least one observed epoch is needed.");
        if (request.Epochs.Count != request.Values.Count)
            throw new InvalidInputException($"{run}: {request.Epochs.Count} epochs but {request.Values.Count} values.");
        if (request.QueryEpochs.Count == 0)
            throw new InvalidInputException($"{run}: no query epochs; ask for at least one epoch to predict.");
        if (request.Schedule is { Kind: ScheduleKind.Explicit } schedule && schedule.ExplicitMultipliers.Count < request.Horizon)
            throw new InvalidInputException($"{run}: the explicit learning-rate schedule lists {schedule.ExplicitMultipliers.Count} epochs but the horizon is {request.Horizon}; give one multiplier per epoch up to the horizon.");
        for (int i = 0; i < request.Epochs.Count; i++)
        {
            int epoch = request.Epochs[i];
            double value = request.Values[i];
            if (epoch <= 0 || epoch > request.Horizon)
                throw new InvalidInputException($"{run}, epoch {epoch}: epochs must lie in 1..{request.Horizon} (the horizon).");
            if (i > 0 && epoch <= request.Epochs[i - 1])
                throw new InvalidInputException($"{run}, epoch {epoch}: epochs must be strictly increasing; it follows epoch {request.Epochs[i - 1]}.");
            if (!double.IsFinite(value))
                throw new InvalidInputException($"{run}, epoch {epoch}: the value is {value.ToString(CultureInfo.InvariantCulture)}; values must be finite.");
            if (value < lower || value > upper)
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{run}, epoch {epoch}: the value {value} lies outside [{lower}, {upper}]; normalise the metric (e.g. --scale 0.01 for percent, --minimize for losses) or declare its bounds."));
        }
        foreach (int query in request.QueryEpochs)
        {
            if (query <= 0 || query > request.Horizon)
                throw new InvalidInputException($"{run}, query epoch {query}: query epochs must lie in 1..{request.Horizon} (the horizon).");
        }
    }
}
