using LcPfn.Prior.Curves;
using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The parameter space of a <see cref="CurvePriorOptions"/> prior as MCMC sees it (Domhan et al. 2015; the LC-PFN
/// prior of spec §1.3-1.5). A point θ is laid out as: the K raw component weights w_1..w_K, then every family's
/// parameters in family order (the order of <see cref="ICurveFamily.Parameters"/>), then log σ (absent when
/// <see cref="CurvePriorOptions.LogSigmaStd"/> is 0 and σ is fixed). For the default prior D = 3 + 3 + 2 + 4 + 1 = 13.
/// <para>
/// With <see cref="LogScale"/> (the default), parameters whose prior is log-normal or log-uniform (pow3's α,
/// Janoschek's κ and δ, …) are sampled as their logarithm u = ln v, as σ is; the density then carries the Jacobian
/// (log p(u) = log p(v) + u), so the posterior over the natural parameters is unchanged, but the geometry the
/// stretch move sees is far closer to Gaussian. <see cref="ToNatural"/> maps θ back.
/// </para>
/// <para>
/// The prior density is the prior's own: U(<see cref="CurvePriorOptions.WeightMin"/>, <see cref="CurvePriorOptions.WeightMax"/>)
/// per weight, <see cref="ICurveFamily.LogPriorDensity"/> per family, N(<see cref="CurvePriorOptions.LogSigmaMean"/>,
/// <see cref="CurvePriorOptions.LogSigmaStd"/>²) for log σ; its support is cut by the rejection rule on the model grid
/// x = 1..T: f(T) &gt; f(1), f finite, and f in [0, 1] with <see cref="CurvePriorOptions.RangeConstraint"/>.
/// Immutable and thread-safe.
/// </para>
/// </summary>
public sealed class DomhanCurveModel
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private const int StackLimit = 256;

    private readonly ICurveFamily[] _families;
    private readonly int[] _offsets;
    private readonly bool[] _logScaled;
    private readonly CurvePriorOptions _prior;
    private readonly int _sigmaIndex;
    private readonly double _logWeightDensity;

    /// <summary>Creates the model of <paramref name="prior"/>; validates it.</summary>
    /// <param name="prior">The prior.</param>
    /// <param name="logScale">Sample log-normal and log-uniform parameters on the log scale (see the remarks).</param>
    /// <exception cref="InvalidInputException">The prior options are invalid.</exception>
    public DomhanCurveModel(CurvePriorOptions prior, bool logScale = true)
    {
        ArgumentNullException.ThrowIfNull(prior);
        prior.Validate();
        _prior = prior;
        LogScale = logScale;
        _families = prior.Families.Select(CurveFamilies.Get).ToArray();
        _offsets = new int[_families.Length];
        int index = _families.Length;
        var names = _families.Select(f => "w_" + f.Name).ToList();
        var logScaled = new List<bool>(_families.Select(_ => false));
        for (int k = 0; k < _families.Length; k++)
        {
            _offsets[k] = index;
            index += _families[k].ParameterCount;
            foreach (var p in _families[k].Parameters)
            {
                bool log = logScale && p.Prior is LogNormalDistribution or LogUniformDistribution;
                logScaled.Add(log);
                names.Add(log ? $"{_families[k].Name}.log_{p.Name}" : $"{_families[k].Name}.{p.Name}");
            }
        }
        _sigmaIndex = prior.LogSigmaStd > 0 ? index : -1;
        if (_sigmaIndex >= 0)
        {
            names.Add("log_sigma");
            logScaled.Add(false); // log σ is already the coordinate; Sigma() exponentiates it.
            index++;
        }
        Dimension = index;
        ParameterNames = names;
        _logScaled = logScaled.ToArray();
        _logWeightDensity = -Math.Log(prior.WeightMax - prior.WeightMin);
    }

    /// <summary>The prior options.</summary>
    public CurvePriorOptions Prior => _prior;

    /// <summary>Whether log-normal and log-uniform parameters are sampled as their logarithm.</summary>
    public bool LogScale { get; }

    /// <summary>T: the model grid is x = 1..T.</summary>
    public int Horizon => _prior.Horizon;

    /// <summary>D: the number of parameters.</summary>
    public int Dimension { get; }

    /// <summary>The parameter names in θ order: <c>w_pow3</c>, …, <c>pow3.a</c>, <c>pow3.log_alpha</c>, …, <c>log_sigma</c>.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The component families.</summary>
    public IReadOnlyList<ICurveFamily> Families => _families;

    /// <summary>Index of log σ in θ; −1 when σ is fixed.</summary>
    public int LogSigmaIndex => _sigmaIndex;

    /// <summary>Index in θ of the first parameter of family <paramref name="family"/> (its weight is at index <paramref name="family"/>).</summary>
    public int ParameterOffset(int family) => _offsets[family];

    /// <summary>True when coordinate <paramref name="index"/> of θ is the logarithm of a family parameter.</summary>
    public bool IsLogScaled(int index) => _logScaled[index];

    /// <summary>θ with every log-scaled coordinate exponentiated: the family parameters as the families take them
    /// (weights and log σ unchanged).</summary>
    public void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        CheckLength(theta);
        if (natural.Length < Dimension) throw new ArgumentException($"natural holds {natural.Length} values; need {Dimension}.", nameof(natural));
        for (int i = 0; i < Dimension; i++)
            natural[i] = _logScaled[i] ? Math.Exp(theta[i]) : theta[i];
    }

    /// <summary>The noise σ of θ.</summary>
    public double Sigma(ReadOnlySpan<double> theta) =>
        Math.Exp(_sigmaIndex >= 0 ? theta[_sigmaIndex] : _prior.LogSigmaMean);

    /// <summary>log p(θ) of the parameter priors alone (no rejection rule), including the Jacobian of log-scaled
    /// coordinates; negative infinity outside their support.</summary>
    public double LogPriorDensity(ReadOnlySpan<double> theta)
    {
        CheckLength(theta);
        Span<double> natural = Dimension <= StackLimit ? stackalloc double[Dimension] : new double[Dimension];
        ToNatural(theta, natural);
        return LogPriorDensityCore(theta, natural);
    }

    /// <summary>f(x; θ) = Σ_k w̃_k f_k(x; θ_k) (w̃ = w, or w / Σw when the prior normalises weights).</summary>
    public double Evaluate(ReadOnlySpan<double> theta, double x)
    {
        CheckLength(theta);
        Span<double> natural = Dimension <= StackLimit ? stackalloc double[Dimension] : new double[Dimension];
        ToNatural(theta, natural);
        return EvaluateCore(natural, x, WeightScale(natural));
    }

    /// <summary>
    /// Evaluates f on the grid x = 1..T into <paramref name="grid"/> (length ≥ T) and applies the rejection rule;
    /// false (with <paramref name="grid"/> partly written) when θ is rejected.
    /// </summary>
    public bool TryEvaluateGrid(ReadOnlySpan<double> theta, Span<double> grid)
    {
        CheckLength(theta);
        if (grid.Length < Horizon) throw new ArgumentException($"grid holds {grid.Length} values; the model grid has {Horizon}.", nameof(grid));
        Span<double> natural = Dimension <= StackLimit ? stackalloc double[Dimension] : new double[Dimension];
        ToNatural(theta, natural);
        return TryEvaluateGridCore(natural, grid);
    }

    /// <summary>log p(θ) under the prior including its rejection rule (up to the rule's normalising constant).</summary>
    public double LogPrior(ReadOnlySpan<double> theta)
    {
        double lp = LogPriorDensity(theta);
        if (double.IsNegativeInfinity(lp)) return lp;
        Span<double> grid = Horizon <= 1024 ? stackalloc double[Horizon] : new double[Horizon];
        return TryEvaluateGrid(theta, grid) ? lp : double.NegativeInfinity;
    }

    /// <summary>Draws θ from the parameter priors (without the rejection rule).</summary>
    public void SamplePrior(ref PriorRandom rng, Span<double> theta)
    {
        CheckLength(theta);
        for (int k = 0; k < _families.Length; k++)
            theta[k] = rng.NextUniform(_prior.WeightMin, _prior.WeightMax);
        for (int k = 0; k < _families.Length; k++)
            _families[k].SampleParameters(ref rng, theta.Slice(_offsets[k], _families[k].ParameterCount));
        if (_sigmaIndex >= 0)
            theta[_sigmaIndex] = rng.NextNormal(_prior.LogSigmaMean, _prior.LogSigmaStd);
        for (int i = 0; i < Dimension; i++)
            if (_logScaled[i]) theta[i] = Math.Log(theta[i]);
    }

    /// <summary>
    /// Draws θ from the prior with its rejection rule (redrawing everything on rejection, as the prior sampler) and
    /// leaves f on the grid in <paramref name="grid"/>; false when <see cref="CurvePriorOptions.MaxAttempts"/> draws
    /// were all rejected.
    /// </summary>
    public bool TrySampleAccepted(ref PriorRandom rng, Span<double> theta, Span<double> grid)
    {
        for (int attempt = 0; attempt < _prior.MaxAttempts; attempt++)
        {
            SamplePrior(ref rng, theta);
            if (TryEvaluateGrid(theta, grid)) return true;
        }
        return false;
    }

    /// <summary>−½ log 2π: the constant of one Gaussian log density.</summary>
    internal static double NegativeHalfLogTwoPi => -HalfLogTwoPi;

    /// <summary>The prior density given θ and its natural form.</summary>
    internal double LogPriorDensityCore(ReadOnlySpan<double> theta, ReadOnlySpan<double> natural)
    {
        double sum = 0;
        for (int k = 0; k < _families.Length; k++)
        {
            double w = natural[k];
            if (!(w >= _prior.WeightMin && w <= _prior.WeightMax)) return double.NegativeInfinity;
            sum += _logWeightDensity;
        }
        for (int k = 0; k < _families.Length; k++)
        {
            sum += _families[k].LogPriorDensity(natural.Slice(_offsets[k], _families[k].ParameterCount));
            if (double.IsNegativeInfinity(sum) || double.IsNaN(sum)) return double.NegativeInfinity;
        }
        for (int i = 0; i < Dimension; i++)
            if (_logScaled[i]) sum += theta[i]; // Jacobian dv/du = e^u.
        if (_sigmaIndex >= 0)
        {
            double z = (theta[_sigmaIndex] - _prior.LogSigmaMean) / _prior.LogSigmaStd;
            sum += -0.5 * z * z - Math.Log(_prior.LogSigmaStd) - HalfLogTwoPi;
        }
        return double.IsNaN(sum) ? double.NegativeInfinity : sum;
    }

    /// <summary>The grid and rejection rule given natural parameters.</summary>
    internal bool TryEvaluateGridCore(ReadOnlySpan<double> natural, Span<double> grid)
    {
        int t = Horizon;
        bool range = _prior.RangeConstraint;
        double scale = WeightScale(natural);
        // Cheap screen: the two endpoints decide most rejections.
        double f1 = EvaluateCore(natural, 1.0, scale), fT = EvaluateCore(natural, t, scale);
        if (!(fT > f1)) return false;
        if (range ? !(f1 >= 0 && fT <= 1) : !(double.IsFinite(f1) && double.IsFinite(fT))) return false;
        grid[0] = f1;
        grid[t - 1] = fT;
        for (int i = 1; i < t - 1; i++)
        {
            double v = EvaluateCore(natural, i + 1, scale);
            if (range ? !(v >= 0 && v <= 1) : !double.IsFinite(v)) return false;
            grid[i] = v;
        }
        return true;
    }

    /// <summary>f(x) from natural parameters without checks; <paramref name="scale"/> = <see cref="WeightScale"/>.</summary>
    internal double EvaluateCore(ReadOnlySpan<double> natural, double x, double scale)
    {
        double sum = 0;
        for (int k = 0; k < _families.Length; k++)
            sum += natural[k] * _families[k].Evaluate(natural.Slice(_offsets[k], _families[k].ParameterCount), x);
        return sum * scale;
    }

    /// <summary>1, or 1 / Σw when the prior normalises the weights.</summary>
    internal double WeightScale(ReadOnlySpan<double> natural)
    {
        if (!_prior.NormalizeWeights) return 1.0;
        double sum = 0;
        for (int k = 0; k < _families.Length; k++) sum += natural[k];
        return 1.0 / sum;
    }

    private void CheckLength(ReadOnlySpan<double> theta)
    {
        if (theta.Length < Dimension)
            throw new ArgumentException($"θ has {theta.Length} values; the model ({string.Join(" + ", _prior.Families)}) has {Dimension} parameters ({string.Join(", ", ParameterNames)}).", nameof(theta));
    }
}
