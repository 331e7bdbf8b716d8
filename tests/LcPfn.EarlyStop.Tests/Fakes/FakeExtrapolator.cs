using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>
/// Predicts the final value (in model units) as Normal(last value + <c>gain</c>, <c>sd</c>): a curve is expected to end
/// near where it is. Deterministic; records every call so tests can check batching.
/// </summary>
internal sealed class FakeExtrapolator(double sd = 0.05, double gain = 0.0) : ICurveExtrapolator
{
    private readonly List<int> callSizes = [];
    private readonly Lock gate = new();

    public string Name => "fake";

    /// <summary>The number of requests in each call, in order.</summary>
    public IReadOnlyList<int> CallSizes { get { lock (gate) return [.. callSizes]; } }

    /// <summary>Every request seen, in order.</summary>
    public List<ExtrapolationRequest> Requests { get; } = [];

    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            callSizes.Add(requests.Count);
            Requests.AddRange(requests);
        }
        return requests
            .Select(r => (IReadOnlyList<IPredictiveDistribution>)r.QueryEpochs.Select(_ => (IPredictiveDistribution)new NormalDistribution(r.Values[^1] + gain, sd)).ToList())
            .ToList();
    }
}
