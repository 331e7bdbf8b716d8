using System.CommandLine;
using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Transformer.Inference;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Cli.Commands;

/// <summary>
/// The one way a command opens "a model or a baseline": <c>--extrapolator lcpfn|last|powerlaw|mcmc|mcmc-paper</c>
/// (<see cref="PfnName"/>: the PFN in <c>--model</c>, default the shipped model; the others: <see cref="BaselineCatalog"/>).
/// <c>demo</c>, <c>plot</c>, <c>replay</c>, <c>extrapolate</c>, <c>serve</c> and <c>bench serve</c> take the option
/// from <see cref="Option"/> and open it with <see cref="Open"/>; the eval commands, which score the model and the
/// baselines side by side, open the model with <see cref="OpenModel"/>.
/// </summary>
internal static class Forecasters
{
    /// <summary>The name of the PFN as an extrapolator (<c>--extrapolator lcpfn</c>): the model in <c>--model</c>.</summary>
    public const string PfnName = "lcpfn";

    /// <summary>The old name of <see cref="PfnName"/>, still accepted.</summary>
    private const string OldPfnName = "pfn";

    /// <summary>Every name <c>--extrapolator</c> knows: the PFN, then the baselines.</summary>
    public static IReadOnlyList<string> Names { get; } = [PfnName, .. BaselineCatalog.Names];

    /// <summary>
    /// The <c>--extrapolator</c> option, default <see cref="PfnName"/>; <paramref name="allowed"/> narrows the names
    /// (e.g. the fast ones for a worker), default all of <see cref="Names"/>.
    /// </summary>
    public static Option<string> Option(string purpose, IReadOnlyList<string>? allowed = null)
    {
        allowed ??= Names;
        var option = new Option<string>("--extrapolator")
        {
            Description = $"{purpose}: {PfnName} (the model in --model; default), or a baseline: {string.Join(", ", allowed.Where(n => n != PfnName))}.",
            DefaultValueFactory = _ => PfnName,
            HelpName = string.Join('|', allowed),
            CustomParser = r => r.Tokens.Count == 0 || r.Tokens[0].Value == OldPfnName ? PfnName : r.Tokens[0].Value,
        };
        option.AcceptOnlyFromAmong([.. allowed, OldPfnName]);
        return option;
    }

    /// <summary>Opens <paramref name="name"/> (null: the PFN): a baseline, or the PFN from <paramref name="modelOption"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown name, <c>--model none</c> with the PFN, or a missing or corrupt model (the message says how to get one).</exception>
    public static ExtrapolatorHandle Open(string? name, string? modelOption, ComputeDevice device, int threads)
    {
        if (name is not null && name != PfnName && name != OldPfnName)
            return new ExtrapolatorHandle(BaselineCatalog.Create(name), null, BaselineCatalog.Describe(name));
        return OpenModel(modelOption, device, threads)
            ?? throw new InvalidInputException($"--model {EvaluationModel.None} needs --extrapolator with a baseline ({string.Join(", ", BaselineCatalog.Names)}) to forecast with.");
    }

    /// <summary>
    /// Opens the PFN of <c>--model</c>: null or empty = the shipped model, a folder, or <c>none</c> (returns null).
    /// </summary>
    /// <exception cref="InvalidInputException">The folder is missing, holds no model, or the model cannot be loaded.</exception>
    public static ExtrapolatorHandle? OpenModel(string? modelOption, ComputeDevice device, int threads)
    {
        string? directory = EvaluationModel.Resolve(modelOption);
        if (directory is null) return null;
        if (!File.Exists(Path.Combine(directory, "model.json")))
        {
            string what = string.IsNullOrWhiteSpace(modelOption) ? $"The shipped default model is missing ({directory})" : $"No model in {directory} (model.json missing)";
            throw new InvalidInputException(
                $"{what}. Pass --model DIR with a trained model folder (or set {ModelLocator.EnvironmentVariable}), train one with 'lcpfn train --out DIR', "
                + $"or use --extrapolator with a baseline ({string.Join(", ", BaselineCatalog.Names)}).");
        }
        PfnExtrapolator pfn;
        try
        {
            pfn = PfnExtrapolator.Load(directory, new PfnExtrapolatorOptions { Device = device, Threads = threads });
        }
        catch (Exception ex) when (ex is not InvalidInputException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw new InvalidInputException($"cannot load the model from {directory}: {ex.Message}", ex);
        }
        var runtime = TorchRuntime.Current;
        return new ExtrapolatorHandle(pfn, pfn,
            $"model {Path.GetFullPath(directory)} ({pfn.Manifest?.Model.ParameterCount:N0} parameters) on {pfn.Device.ToString().ToLowerInvariant()}, {runtime?.Threads} threads");
    }
}
