using System.Reflection;
using System.Runtime.ExceptionServices;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Runtime;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// Resolves the <c>--model</c> option of the eval commands and loads the PFN through the contract
/// <c>LcPfn.Transformer.Inference.PfnExtrapolator.Load(string, PfnExtrapolatorOptions?)</c>.
/// </summary>
/// <remarks>
/// The PFN is looked up by name in the LcPfn.Transformer assembly rather than referenced directly, so that evaluation
/// (and its baselines) builds and runs while inference is developed in parallel; a build without it says so and
/// points to <c>--model none</c>. Once inference is on main this can become a direct call without changing callers.
/// </remarks>
public static class EvaluationModel
{
    /// <summary>The <c>--model</c> value that evaluates the baselines only.</summary>
    public const string None = "none";

    private const string ExtrapolatorTypeName = "LcPfn.Transformer.Inference.PfnExtrapolator";
    private const string OptionsTypeName = "LcPfn.Transformer.Inference.PfnExtrapolatorOptions";
    private const string LocatorTypeName = "LcPfn.Transformer.Inference.ModelLocator";

    /// <summary>
    /// The model folder for an option value: null or empty = the shipped default model
    /// (<c>ModelLocator.DefaultModelDirectory</c>), <see cref="None"/> = no model (returns null), else the path.
    /// </summary>
    public static string? Resolve(string? option)
    {
        if (string.Equals(option?.Trim(), None, StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(option)) return option;
        return DefaultModelDirectory();
    }

    /// <summary>The shipped default model folder (<c>data/models/default</c> of the repository or the application).</summary>
    public static string DefaultModelDirectory()
    {
        var locator = TransformerAssembly.GetType(LocatorTypeName);
        var property = locator?.GetProperty("DefaultModelDirectory", BindingFlags.Public | BindingFlags.Static);
        if (property?.GetValue(null) is string directory) return directory;
        return Path.Combine(Directory.GetCurrentDirectory(), "data", "models", "default");
    }

    /// <summary>Loads the PFN from <paramref name="modelDirectory"/> on <paramref name="device"/> with <paramref name="threads"/> CPU threads (0 = all).</summary>
    /// <exception cref="InvalidInputException">The folder is missing or corrupt, or this build has no PFN inference.</exception>
    public static ICurveExtrapolator Load(string modelDirectory, ComputeDevice device = ComputeDevice.Auto, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        if (!Directory.Exists(modelDirectory))
            throw new InvalidInputException($"Model folder not found: {modelDirectory}. Train one with 'lcpfn train --out DIR', pass --model DIR, or use --model {None} for the baselines only.");
        var type = TransformerAssembly.GetType(ExtrapolatorTypeName)
            ?? throw new InvalidInputException($"This build has no PFN inference ({ExtrapolatorTypeName}); use --model {None} to evaluate the baselines only.");
        var optionsType = TransformerAssembly.GetType(OptionsTypeName);
        object? options = null;
        if (optionsType is not null)
        {
            options = Activator.CreateInstance(optionsType);
            optionsType.GetProperty("Device")?.SetValue(options, device);
            optionsType.GetProperty("Threads")?.SetValue(options, threads);
        }
        var load = optionsType is null
            ? type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            : type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(string), optionsType]);
        if (load is null)
            throw new InvalidOperationException($"{ExtrapolatorTypeName}.Load(string, PfnExtrapolatorOptions?) not found; the inference contract changed.");
        try
        {
            object? loaded = load.Invoke(null, optionsType is null ? [modelDirectory] : [modelDirectory, options]);
            return loaded as ICurveExtrapolator
                ?? throw new InvalidOperationException($"{ExtrapolatorTypeName}.Load returned {loaded?.GetType().Name ?? "null"}, not an ICurveExtrapolator.");
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static Assembly TransformerAssembly => typeof(TorchRuntime).Assembly;
}
