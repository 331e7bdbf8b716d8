using LcPfn.Prior;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>
/// The one stand-in for the PFN in these tests: deterministic and fast, it answers each query epoch with the
/// distribution <c>predict(request, queryEpoch)</c> gives (in model units), records every call so tests can check
/// batching, and refuses (<see cref="InvalidInputException"/>) any batch holding a run whose id starts with
/// <c>refuse</c>. By default a curve is expected to end near where it is: Normal(last value + <c>gain</c>, <c>sd</c>).
/// </summary>
internal sealed class FakeExtrapolator : ICurveExtrapolator
{
    /// <summary>Runs whose id starts with this are refused.</summary>
    public const string RefusedPrefix = "refuse";

    private readonly Func<ExtrapolationRequest, int, IPredictiveDistribution> predict;
    private readonly List<int> callSizes = [];
    private readonly List<ExtrapolationRequest> requests = [];
    private readonly Lock gate = new();

    /// <summary>Predicts Normal(last value + <paramref name="gain"/>, <paramref name="sd"/>) at every query epoch.</summary>
    public FakeExtrapolator(double sd = 0.05, double gain = 0.0)
        : this((r, _) => new NormalDistribution(r.Values[^1] + gain, sd))
    {
    }

    /// <summary>Predicts <paramref name="predict"/>(request, query epoch).</summary>
    public FakeExtrapolator(Func<ExtrapolationRequest, int, IPredictiveDistribution> predict) => this.predict = predict;

    /// <summary>
    /// Uniform on [m − 0.1, m + 0.1] with m = last value + 0.001·(q − last epoch) + 0.0001·(number of points) at query
    /// epoch q: every query, cutoff and quantile column of a batch gets its own exact value.
    /// </summary>
    public static FakeExtrapolator Drifting() =>
        new((r, q) => new UniformDistribution(r.Values[^1] + (0.001 * (q - r.Epochs[^1])) + (0.0001 * r.Epochs.Count), 0.1));

    public string Name => "fake";

    /// <summary>The number of requests in each call, in order.</summary>
    public IReadOnlyList<int> CallSizes { get { lock (gate) return [.. callSizes]; } }

    /// <summary>Every request seen, in order.</summary>
    public IReadOnlyList<ExtrapolationRequest> Requests { get { lock (gate) return [.. requests]; } }

    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            callSizes.Add(requests.Count);
            this.requests.AddRange(requests);
        }
        var refused = requests.FirstOrDefault(r => r.RunId.StartsWith(RefusedPrefix, StringComparison.Ordinal));
        if (refused is not null) throw new InvalidInputException($"run {refused.RunId}: refused by the fake");
        return requests.Select(r => (IReadOnlyList<IPredictiveDistribution>)r.QueryEpochs.Select(q => predict(r, q)).ToArray()).ToArray();
    }
}
