using LcPfn.Prior.Prediction;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics;
using MathNet.Numerics.Optimization;

namespace LcPfn.EarlyStop.Evaluation.Baselines;

/// <summary>
/// The parametric baseline (<c>powerlaw</c>): a least-squares fit of the saturating power law
/// y(x) = c − a·x^(−α) (the pow3 family of the prior, α = e^β in [0.01, 20], x = epoch) to the observed points. For a
/// fixed α the problem is linear in (c, a), so β is found by a grid search refined with MathNet's golden-section
/// minimiser, with (c, a) in closed form (variable projection).
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

    private const int Parameters = 3;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;
    private const int GridPoints = 25;
    /// <summary>The exponent α = e^β is searched in [0.01, 20].</summary>
    private const double MinLogExponent = -4.605170185988091;
    private const double MaxLogExponent = 2.995732273553991;

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
        // Variable projection: for a fixed exponent the model is linear in (c, a), so the least-squares problem is a
        // one-dimensional search over β = ln α: a coarse grid, then MathNet's golden-section search around the best
        // grid point. This is the same objective as a joint Levenberg–Marquardt fit, but it cannot diverge and costs
        // microseconds per curve.
        double bestBeta = double.NaN, bestRss = double.PositiveInfinity;
        double step = (MaxLogExponent - MinLogExponent) / (GridPoints - 1);
        for (int i = 0; i < GridPoints; i++)
        {
            double beta = MinLogExponent + i * step;
            double rss = LinearFit(x, y, beta).Rss;
            if (rss < bestRss)
            {
                bestRss = rss;
                bestBeta = beta;
            }
        }
        if (double.IsNaN(bestBeta)) return null;
        try
        {
            double lower = Math.Max(MinLogExponent, bestBeta - step), upper = Math.Min(MaxLogExponent, bestBeta + step);
            double refined = FindMinimum.OfScalarFunctionConstrained(beta => LinearFit(x, y, beta).Rss, lower, upper, Tolerance, MaxIterations);
            if (double.IsFinite(refined) && LinearFit(x, y, refined).Rss <= bestRss)
                bestBeta = refined;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OptimizationException or MaximumIterationsException)
        {
            // Keep the grid point: the refinement only polishes it.
        }
        var (c, a, finalRss) = LinearFit(x, y, bestBeta);
        if (!double.IsFinite(c) || !double.IsFinite(a) || !double.IsFinite(finalRss)) return null;
        return (Vector<double>.Build.DenseOfArray([c, a, bestBeta]), finalRss);
    }

    /// <summary>The least-squares (c, a) for a fixed β, and the residual sum of squares (∞ when degenerate).</summary>
    private static (double C, double A, double Rss) LinearFit(Vector<double> x, Vector<double> y, double beta)
    {
        double alpha = Math.Exp(beta);
        int n = x.Count;
        double su = 0, sy = 0, suu = 0, suy = 0;
        for (int i = 0; i < n; i++)
        {
            double u = Math.Pow(x[i], -alpha);
            su += u;
            sy += y[i];
            suu += u * u;
            suy += u * y[i];
        }
        // y = c + b·u with b = −a.
        double det = n * suu - su * su;
        if (!(Math.Abs(det) > 1e-300 * Math.Max(1, n * suu))) return (double.NaN, double.NaN, double.PositiveInfinity);
        double b = (n * suy - su * sy) / det;
        double c = (sy - b * su) / n;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - (c + b * Math.Pow(x[i], -alpha));
            rss += r * r;
        }
        return double.IsFinite(rss) ? (c, -b, rss) : (double.NaN, double.NaN, double.PositiveInfinity);
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
