using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Evaluation.Baselines;

/// <summary>The input checks every baseline makes, with messages that name the run and the epoch.</summary>
internal static class RequestChecks
{
    public static void Validate(ExtrapolationRequest request, int minimumPoints)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Epochs.Count != request.Values.Count)
            throw new InvalidInputException($"Run '{request.RunId}': {request.Epochs.Count} epochs but {request.Values.Count} values.");
        if (request.Epochs.Count < minimumPoints)
            throw new InvalidInputException($"Run '{request.RunId}': {request.Epochs.Count} observed points; at least {minimumPoints} needed.");
        if (request.Horizon < 1)
            throw new InvalidInputException($"Run '{request.RunId}': horizon {request.Horizon}; must be >= 1.");
        for (int i = 0; i < request.Epochs.Count; i++)
        {
            int e = request.Epochs[i];
            if (e < 1 || e > request.Horizon || (i > 0 && e <= request.Epochs[i - 1]))
                throw new InvalidInputException($"Run '{request.RunId}': observed epoch {e} (index {i}) must be strictly increasing within 1..{request.Horizon}.");
            if (!double.IsFinite(request.Values[i]))
                throw new InvalidInputException($"Run '{request.RunId}': value at epoch {e} is {request.Values[i].ToString(CultureInfo.InvariantCulture)}; values must be finite.");
        }
        foreach (int q in request.QueryEpochs)
        {
            if (q < 1 || q > request.Horizon)
                throw new InvalidInputException($"Run '{request.RunId}': query epoch {q} is outside 1..{request.Horizon}.");
        }
    }
}
