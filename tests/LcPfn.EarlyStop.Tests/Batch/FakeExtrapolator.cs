using LcPfn.Prior;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Tests.Batch;

/// <summary>
/// A deterministic, fast stand-in for the PFN: at query epoch q the prediction is uniform on
/// [m − 0.1, m + 0.1] with m = last value + 0.001·(q − last epoch) + 0.0001·(number of points), in model units.
/// Refuses (InvalidInputException) any run whose id starts with "refuse".
/// </summary>
internal sealed class FakeExtrapolator : ICurveExtrapolator
{
    public string Name => "fake";

    public int Calls { get; private set; }

    public List<ExtrapolationRequest> Seen { get; } = [];

    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        lock (Seen)
        {
            Calls++;
            Seen.AddRange(requests);
        }
        if (requests.Any(r => r.RunId.StartsWith("refuse", StringComparison.Ordinal)))
            throw new InvalidInputException($"run {requests.First(r => r.RunId.StartsWith("refuse", StringComparison.Ordinal)).RunId}: refused by the fake");
        return requests.Select(r => (IReadOnlyList<IPredictiveDistribution>)r.QueryEpochs
                .Select(q => (IPredictiveDistribution)new UniformDistribution(r.Values[^1] + (0.001 * (q - r.Epochs[^1])) + (0.0001 * r.Epochs.Count), 0.1))
                .ToArray())
            .ToArray();
    }
}

/// <summary>Uniform on [center − halfWidth, center + halfWidth]: every quantity is exact.</summary>
internal sealed class UniformDistribution(double center, double halfWidth) : IPredictiveDistribution
{
    private double Low => center - halfWidth;
    private double Width => 2 * halfWidth;

    public double Mean => center;
    public double Median => center;
    public double Variance => Width * Width / 12;
    public double Quantile(double probability) => Low + (probability * Width);
    public double Cdf(double value) => Math.Clamp((value - Low) / Width, 0, 1);
    public double LogPdf(double value) => value >= Low && value <= Low + Width ? -Math.Log(Width) : double.NegativeInfinity;
    public double ProbabilityAbove(double threshold) => 1 - Cdf(threshold);
}
