using LcPfn.Prior.Prediction;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LcPfn.EarlyStop.Evaluation.Baselines;

/// <summary>
/// The parametric baseline (<c>powerlaw</c>): a least-squares fit of the saturating power law
/// y(x) = c − a·x^(−α) (the pow3 family of the prior, α = e^β &gt; 0, x = epoch) to the observed points with MathNet's
/// Levenberg–Marquardt minimiser, started from two values of α, keeping the lower residual sum of squares.
/// <para>
/// The predictive is Gaussian with the usual nonlinear-regression prediction variance:
/// s² = RSS/(n − 3) (n − 3 taken as at least 1), Σ = s²·(JᵀJ)⁺ at the optimum, and
/// Var[y(q)] = s² + g(q)ᵀ Σ g(q) where g(q) is the gradient of y(q) in (c, a, β); σ is at least
/// <see cref="BaselineDefaults.MinStandardDeviation"/>.
/// </para>
/// <para>
/// A curve with fewer than 3 points, a minimiser that throws, or a non-finite fit or variance falls back to
/// <see cref="LastValueExtrapolator"/> for that request and is counted in <see cref="FallbackCount"/>, never dropped.
/// </para>
/// </summary>
public sealed class PowerLawExtrapolator : IParallelSafeExtrapolator
{
    /// <summary>The name in reports: <c>powerlaw</c>.</summary>
    public const string MethodName = "powerlaw";

    /// <summary>The starting exponents α of the two fits.</summary>
    private static readonly double[] StartExponents = [0.5, 2.0];

    private const int Parameters = 3;
    private const int MaxIterations = 200;

    private long _fallbacks;

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public long FallbackCount => Interlocked.Read(ref _fallbacks);

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new IReadOnlyList<IPredictiveDistribution>[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = requests[i];
            RequestChecks.Validate(request, minimumPoints: 1);
            var fitted = TryPredict(request);
            if (fitted is null)
            {
                Interlocked.Increment(ref _fallbacks);
                fitted = LastValueExtrapolator.Predict(request);
            }
            results[i] = fitted;
        }
        return results;
    }

    /// <summary>Fits one request; null when the fit fails (too few points, no convergence, non-finite result).</summary>
    internal static IReadOnlyList<IPredictiveDistribution>? TryPredict(ExtrapolationRequest request)
    {
        int n = request.Epochs.Count;
        if (n < Parameters) return null;
        var x = Vector<double>.Build.Dense(n, i => request.Epochs[i]);
        var y = Vector<double>.Build.Dense(n, i => request.Values[i]);
        var fit = Fit(x, y);
        if (fit is null) return null;

        var p = fit.Value.Parameters;
        double dof = Math.Max(n - Parameters, 1);
        double s2 = fit.Value.ResidualSumOfSquares / dof;
        var jacobian = Jacobian(p, x);
        Matrix<double> covariance;
        try
        {
            covariance = (jacobian.TransposeThisAndMultiply(jacobian)).PseudoInverse() * s2;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or MathNet.Numerics.NonConvergenceException)
        {
            return null;
        }

        var result = new IPredictiveDistribution[request.QueryEpochs.Count];
        var single = Vector<double>.Build.Dense(1);
        for (int q = 0; q < result.Length; q++)
        {
            single[0] = request.QueryEpochs[q];
            double mean = Model(p, single)[0];
            var g = Jacobian(p, single).Row(0);
            double variance = s2 + g * covariance * g;
            double sigma = Math.Max(Math.Sqrt(Math.Max(variance, 0)), BaselineDefaults.MinStandardDeviation);
            if (!double.IsFinite(mean) || !double.IsFinite(sigma)) return null;
            result[q] = new GaussianPredictive(mean, sigma);
        }
        return result;
    }

    private static (Vector<double> Parameters, double ResidualSumOfSquares)? Fit(Vector<double> x, Vector<double> y)
    {
        double first = y[0], last = y[^1];
        (Vector<double>, double)? best = null;
        foreach (double alpha in StartExponents)
        {
            // Start at the curve's last value with y(1) = the first value.
            var start = Vector<double>.Build.DenseOfArray([last, last - first, Math.Log(alpha)]);
            try
            {
                var objective = ObjectiveFunction.NonlinearModel(Model, Jacobian, x, y);
                var minimizer = new LevenbergMarquardtMinimizer(maximumIterations: MaxIterations);
                var result = minimizer.FindMinimum(objective, start);
                var p = result.MinimizingPoint;
                if (!p.All(double.IsFinite)) continue;
                double rss = (Model(p, x) - y).DotProduct(Model(p, x) - y);
                if (!double.IsFinite(rss)) continue;
                if (best is null || rss < best.Value.Item2) best = (p, rss);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or MathNet.Numerics.NonConvergenceException or ArithmeticException)
            {
                // A failed start is tried with the next exponent; if all fail, the caller falls back.
            }
        }
        return best;
    }

    /// <summary>y = c − a·x^(−e^β) for every x; parameters (c, a, β).</summary>
    private static Vector<double> Model(Vector<double> p, Vector<double> x)
    {
        double c = p[0], a = p[1], alpha = Math.Exp(Math.Clamp(p[2], -20, 5));
        return x.Map(xi => c - a * Math.Pow(xi, -alpha));
    }

    /// <summary>∂y/∂(c, a, β) for every x (rows).</summary>
    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> x)
    {
        double a = p[1], alpha = Math.Exp(Math.Clamp(p[2], -20, 5));
        var j = Matrix<double>.Build.Dense(x.Count, Parameters);
        for (int i = 0; i < x.Count; i++)
        {
            double lx = Math.Log(x[i]);
            double pow = Math.Exp(-alpha * lx);
            j[i, 0] = 1;
            j[i, 1] = -pow;
            j[i, 2] = a * alpha * lx * pow;
        }
        return j;
    }
}
