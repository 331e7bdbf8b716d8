using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Inference;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Samples;

/// <summary>
/// The forecaster every sample uses: the shipped default model (<see cref="ModelLocator.DefaultModelDirectory"/>:
/// data/models/default, or the folder in LCPFN_MODEL), or, only when that folder holds no model, the power-law
/// baseline, which needs no model and says so on the console. In your own code this is one line:
/// <c>using var pfn = PfnExtrapolator.Load(ModelLocator.DefaultModelDirectory);</c>
/// </summary>
public sealed class SampleModel : IDisposable
{
    private SampleModel(ICurveExtrapolator extrapolator, string description)
    {
        Extrapolator = extrapolator;
        Description = description;
    }

    /// <summary>Forecasts partial curves (values in [0, 1], increasing is better).</summary>
    public ICurveExtrapolator Extrapolator { get; }

    /// <summary>What was loaded, for the console.</summary>
    public string Description { get; }

    /// <summary>Loads the shipped model on the CPU, else falls back to the power-law baseline.</summary>
    public static SampleModel Open()
    {
        string directory = ModelLocator.DefaultModelDirectory;
        if (File.Exists(Path.Combine(directory, "model.json")))
        {
            var pfn = PfnExtrapolator.Load(directory, new PfnExtrapolatorOptions { Device = ComputeDevice.Cpu });
            return new SampleModel(pfn, $"LC-PFN model {directory}");
        }
        TorchRuntime.Initialize(ComputeDevice.Cpu);
        return new SampleModel(new PowerLawExtrapolator(),
            $"NO MODEL in {directory}: falling back to the power-law baseline (PowerLawExtrapolator). Decisions will be cruder; "
            + "get the default model (README) or set LCPFN_MODEL for LC-PFN forecasts.");
    }

    /// <inheritdoc />
    public void Dispose() => (Extrapolator as IDisposable)?.Dispose();
}
