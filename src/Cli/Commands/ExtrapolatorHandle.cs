using LcPfn.Prior.Prediction;

namespace LcPfn.Cli.Commands;

/// <summary>An opened extrapolator and what owns it (<see cref="Forecasters.Open"/>).</summary>
/// <param name="Extrapolator">Forecasts in the model's convention.</param>
/// <param name="Owner">Disposed with the handle (the PFN); null for the baselines.</param>
/// <param name="Description">What it is, for the first line of output.</param>
internal sealed record ExtrapolatorHandle(ICurveExtrapolator Extrapolator, IDisposable? Owner, string Description) : IDisposable
{
    /// <summary>The extrapolator's name.</summary>
    public string Name => Extrapolator.Name;

    public void Dispose() => Owner?.Dispose();
}
