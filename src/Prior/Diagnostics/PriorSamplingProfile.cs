namespace LcPfn.Prior.Diagnostics;

/// <summary>
/// Where the time of one accepted prior curve goes, single-threaded, in nanoseconds per accepted curve
/// (CPU time, see <see cref="PriorSamplingProfiler"/>). The stage times add up to <see cref="TotalNs"/>.
/// </summary>
/// <param name="DrawsPerCurve">Draws (weights + parameters) per accepted curve: 1 / acceptance rate.</param>
/// <param name="GridEvaluationsPerCurve">Draws per accepted curve that passed the endpoint screen and reached the grid evaluation.</param>
/// <param name="ParameterNs">Drawing weights and family parameters for all draws.</param>
/// <param name="ScreenNs">Evaluating f(1) and f(T) (scalar) for all draws.</param>
/// <param name="GridNs">Vectorised evaluation of f on the grid with early range checks, for the screened draws.</param>
/// <param name="NoiseNs">σ, the T Gaussian noise values and the float conversion of the output.</param>
/// <param name="TotalNs">The whole <see cref="CurvePrior.Sample"/> per curve.</param>
public sealed record PriorSamplingProfile(
    double DrawsPerCurve,
    double GridEvaluationsPerCurve,
    double ParameterNs,
    double ScreenNs,
    double GridNs,
    double NoiseNs,
    double TotalNs)
{
    /// <summary>Single-thread throughput implied by <see cref="TotalNs"/>.</summary>
    public double CurvesPerSecond => 1e9 / TotalNs;
}
