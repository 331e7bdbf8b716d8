using LcPfn.Prior.Prediction;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LcPfn.Prior.Baselines;

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
            ArgumentNullException.ThrowIfNull(request);
            request.Validate(minimumObservations: 1);
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
        var logX = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            logX[i] = Math.Log(request.Epochs[i]);
            y[i] = request.Values[i];
        }
        var fit = Fit(logX, y);
        if (fit is null) return null;
        var (c, a, beta, rss) = fit.Value;
        double alpha = Math.Exp(beta);

        double s2 = rss / Math.Max(n - Parameters, 1);
        var jtj = Matrix<double>.Build.Dense(Parameters, Parameters);
        Span<double> g = stackalloc double[Parameters];
        for (int i = 0; i < n; i++)
        {
            Gradient(a, alpha, logX[i], g);
            for (int r = 0; r < Parameters; r++)
                for (int k = 0; k < Parameters; k++)
                    jtj[r, k] += g[r] * g[k];
        }
        Matrix<double> covariance;
        try
        {
            covariance = jtj.PseudoInverse() * s2;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NonConvergenceException)
        {
            return null;
        }

        var result = new IPredictiveDistribution[request.QueryEpochs.Count];
        for (int q = 0; q < result.Length; q++)
        {
            double lx = Math.Log(request.QueryEpochs[q]);
            double mean = c - a * Math.Exp(-alpha * lx);
            Gradient(a, alpha, lx, g);
            double variance = s2;
            for (int r = 0; r < Parameters; r++)
                for (int k = 0; k < Parameters; k++)
                    variance += g[r] * covariance[r, k] * g[k];
            double sigma = Math.Max(Math.Sqrt(Math.Max(variance, 0)), BaselineDefaults.MinStandardDeviation);
            if (!double.IsFinite(mean) || !double.IsFinite(sigma)) return null;
            result[q] = new GaussianPredictive(mean, sigma);
        }
        return result;
    }

    private static (double C, double A, double Beta, double Rss)? Fit(double[] logX, double[] y)
    {
        // Variable projection: for a fixed exponent the model is linear in (c, a), so the least-squares problem is a
        // one-dimensional search over β = ln α: a coarse grid, then MathNet's golden-section search around the best
        // grid point. This is the same objective as a joint Levenberg–Marquardt fit, but it cannot diverge and costs
        // well under a millisecond per curve.
        double bestBeta = double.NaN, bestRss = double.PositiveInfinity;
        double step = (MaxLogExponent - MinLogExponent) / (GridPoints - 1);
        for (int i = 0; i < GridPoints; i++)
        {
            double beta = MinLogExponent + i * step;
            double rss = LinearFit(logX, y, beta).Rss;
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
            double refined = FindMinimum.OfScalarFunctionConstrained(beta => LinearFit(logX, y, beta).Rss, lower, upper, Tolerance, MaxIterations);
            if (double.IsFinite(refined) && LinearFit(logX, y, refined).Rss <= bestRss)
                bestBeta = refined;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OptimizationException or MaximumIterationsException)
        {
            // Keep the grid point: the refinement only polishes it.
        }
        var (c, a, finalRss) = LinearFit(logX, y, bestBeta);
        if (!double.IsFinite(c) || !double.IsFinite(a) || !double.IsFinite(finalRss)) return null;
        return (c, a, bestBeta, finalRss);
    }

    /// <summary>The least-squares (c, a) for a fixed β, and the residual sum of squares (∞ when degenerate).</summary>
    private static (double C, double A, double Rss) LinearFit(double[] logX, double[] y, double beta)
    {
        double alpha = Math.Exp(beta);
        int n = logX.Length;
        double su = 0, sy = 0, suu = 0, suy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double u = Math.Exp(-alpha * logX[i]);
            su += u;
            sy += y[i];
            suu += u * u;
            suy += u * y[i];
            syy += y[i] * y[i];
        }
        // y = c + b·u with b = −a.
        double det = n * suu - su * su;
        if (!(Math.Abs(det) > 1e-14 * Math.Max(1, n * suu))) return (double.NaN, double.NaN, double.PositiveInfinity);
        double b = (n * suy - su * sy) / det;
        double c = (sy - b * su) / n;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - (c + b * Math.Exp(-alpha * logX[i]));
            rss += r * r;
        }
        return double.IsFinite(rss) ? (c, -b, rss) : (double.NaN, double.NaN, double.PositiveInfinity);
    }

    /// <summary>∂y/∂(c, a, β) at ln x = <paramref name="logX"/>, for y = c − a·x^(−α), α = e^β.</summary>
    private static void Gradient(double a, double alpha, double logX, Span<double> g)
    {
        double pow = Math.Exp(-alpha * logX);
        g[0] = 1;
        g[1] = -pow;
        g[2] = a * alpha * logX * pow;
    }
}
