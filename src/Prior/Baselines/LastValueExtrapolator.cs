using LcPfn.Prior.Prediction;

namespace LcPfn.Prior.Baselines;

/// <summary>
/// The simplest baseline (<c>last</c>): every later epoch is predicted to hold the last observed value, with a
/// random-walk spread. With s = the root mean square of the last <see cref="BaselineDefaults.RecentDifferences"/> first
/// differences of the observed curve (a difference over a gap of g epochs is divided by √g, as for a random walk), the prediction d epochs after the last
/// observation is N(y_last, max(s·√d, <see cref="BaselineDefaults.MinStandardDeviation"/>)²). The spread keeps the
/// log-likelihood finite and grows with the distance, as the uncertainty of a persisting curve does.
/// </summary>
public sealed class LastValueExtrapolator : IParallelSafeExtrapolator
{
    /// <summary>The name in reports: <c>last</c>.</summary>
    public const string MethodName = "last";

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public long FallbackCount => 0;

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new IReadOnlyList<IPredictiveDistribution>[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = Predict(requests[i]);
        }
        return results;
    }

    /// <summary>The predictions of one request.</summary>
    /// <exception cref="InvalidInputException">The request has no observation, or bad epochs or values.</exception>
    public static IReadOnlyList<IPredictiveDistribution> Predict(ExtrapolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(minimumObservations: 1);
        int n = request.Epochs.Count;
        double last = request.Values[n - 1];
        int lastEpoch = request.Epochs[n - 1];
        double step = StepSpread(request.Epochs, request.Values);
        var result = new IPredictiveDistribution[request.QueryEpochs.Count];
        for (int q = 0; q < result.Length; q++)
        {
            int distance = Math.Max(1, request.QueryEpochs[q] - lastEpoch);
            double sigma = Math.Max(step * Math.Sqrt(distance), BaselineDefaults.MinStandardDeviation);
            result[q] = new GaussianPredictive(last, sigma);
        }
        return result;
    }

    /// <summary>
    /// The root mean square of the per-epoch change over the last <see cref="BaselineDefaults.RecentDifferences"/>
    /// differences (0 for a single point).
    /// </summary>
    public static double StepSpread(IReadOnlyList<int> epochs, IReadOnlyList<double> values)
    {
        int n = epochs.Count;
        int first = Math.Max(1, n - BaselineDefaults.RecentDifferences);
        double sum = 0;
        int count = 0;
        for (int i = first; i < n; i++)
        {
            int gap = epochs[i] - epochs[i - 1];
            double perEpoch = (values[i] - values[i - 1]) / Math.Sqrt(gap);
            sum += perEpoch * perEpoch;
            count++;
        }
        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }
}
