using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Inference;
using LcPfn.Transformer.Runtime;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>Resolves the <c>--model</c> option of the eval commands and loads the PFN.</summary>
public static class EvaluationModel
{
    /// <summary>The <c>--model</c> value that evaluates the baselines only.</summary>
    public const string None = "none";

    /// <summary>
    /// The model folder for an option value: null or empty = the shipped default model
    /// (<see cref="ModelLocator.DefaultModelDirectory"/>), <see cref="None"/> = no model (returns null), else the path.
    /// </summary>
    public static string? Resolve(string? option)
    {
        if (string.Equals(option?.Trim(), None, StringComparison.OrdinalIgnoreCase)) return null;
        return string.IsNullOrWhiteSpace(option) ? ModelLocator.DefaultModelDirectory : option;
    }

    /// <summary>Loads the PFN from <paramref name="modelDirectory"/> on <paramref name="device"/> with <paramref name="threads"/> CPU threads (0 = all).</summary>
    /// <exception cref="InvalidInputException">The folder is missing or the model is corrupt.</exception>
    public static ICurveExtrapolator Load(string modelDirectory, ComputeDevice device = ComputeDevice.Auto, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        if (!Directory.Exists(modelDirectory))
            throw new InvalidInputException($"Model folder not found: {modelDirectory}. Train one with 'lcpfn train --out DIR', pass --model DIR, or use --model {None} for the baselines only.");
        return PfnExtrapolator.Load(modelDirectory, new PfnExtrapolatorOptions { Device = device, Threads = threads });
    }
}
