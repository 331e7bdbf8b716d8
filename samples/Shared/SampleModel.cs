using System.Reflection;
using LcPfn.EarlyStop.Evaluation.Baselines;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Samples;

/// <summary>
/// The forecaster every sample uses: the shipped default model (data/models/default), or, only when that folder holds
/// no model, the power-law baseline, which needs no model and says so on the console. In your own code this is one
/// line: <c>using var pfn = PfnExtrapolator.Load(ModelLocator.DefaultModelDirectory);</c>.
/// </summary>
public sealed class SampleModel : IDisposable
{
    private const string PfnType = "LcPfn.Transformer.Inference.PfnExtrapolator, LcPfn.Transformer";
    private const string LocatorType = "LcPfn.Transformer.Inference.ModelLocator, LcPfn.Transformer";

    private SampleModel(ICurveExtrapolator extrapolator, string description)
    {
        Extrapolator = extrapolator;
        Description = description;
    }

    /// <summary>Forecasts partial curves (values in [0, 1], increasing is better).</summary>
    public ICurveExtrapolator Extrapolator { get; }

    /// <summary>What was loaded, for the console.</summary>
    public string Description { get; }

    /// <summary>Loads the model from <paramref name="directory"/> (default: the shipped model), else falls back to the power law.</summary>
    public static SampleModel Open(string? directory = null)
    {
        TorchRuntime.Initialize(ComputeDevice.Cpu);
        directory ??= DefaultDirectory();
        // PfnExtrapolator.Load is bound late so that the samples build before the inference API lands on main.
        if (File.Exists(Path.Combine(directory, "model.json")) && Type.GetType(PfnType) is { } type
            && type.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m => m.Name == "Load") is { } load)
        {
            var arguments = load.GetParameters().Select((p, i) => i == 0 ? directory : p.HasDefaultValue ? p.DefaultValue : null).ToArray();
            try
            {
                return new SampleModel((ICurveExtrapolator)load.Invoke(null, arguments)!, $"model {directory}");
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
        return new SampleModel(new PowerLawExtrapolator(),
            $"NO MODEL in {directory}: falling back to the power-law baseline (PowerLawExtrapolator). Decisions will be cruder; "
            + "train or fetch the default model (README) for LC-PFN forecasts.");
    }

    /// <summary>The shipped model folder: ModelLocator's when present, else data/models/default above the working directory.</summary>
    public static string DefaultDirectory()
    {
        if (Type.GetType(LocatorType)?.GetProperty("DefaultModelDirectory")?.GetValue(null) is string located)
            return located;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LcPfn.sln")))
                return Path.Combine(dir.FullName, "data", "models", "default");
        }
        return Path.Combine(AppContext.BaseDirectory, "data", "models", "default");
    }

    /// <inheritdoc />
    public void Dispose() => (Extrapolator as IDisposable)?.Dispose();
}
