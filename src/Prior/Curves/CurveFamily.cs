using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>
/// Base of the built-in families: parameter sampling and log density come from the parameter priors; a family
/// supplies the scalar formula and may override <see cref="Accumulate"/> with a vectorised kernel over the
/// integer grid.
/// </summary>
public abstract class CurveFamily : ICurveFamily
{
    private readonly CurveParameter[] _parameters;

    /// <summary>Creates a family.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="formula">Its formula in plain text.</param>
    /// <param name="parameters">Its parameters in span order.</param>
    protected CurveFamily(string name, string formula, params CurveParameter[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Formula = formula;
        _parameters = parameters;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Formula { get; }

    /// <inheritdoc/>
    public IReadOnlyList<CurveParameter> Parameters => _parameters;

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Length;

    /// <inheritdoc/>
    public void SampleParameters(ref PriorRandom rng, Span<double> parameters)
    {
        for (int i = 0; i < _parameters.Length; i++)
            parameters[i] = _parameters[i].Prior.Sample(ref rng);
    }

    /// <inheritdoc/>
    public double LogPriorDensity(ReadOnlySpan<double> parameters)
    {
        CheckLength(parameters);
        double sum = 0;
        for (int i = 0; i < _parameters.Length; i++)
            sum += _parameters[i].Prior.LogDensity(parameters[i]);
        return sum;
    }

    /// <inheritdoc/>
    public abstract double Evaluate(ReadOnlySpan<double> parameters, double x);

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, Span<double> values)
    {
        CheckLength(parameters);
        if (values.Length < x.Length) throw new ArgumentException($"values has {values.Length} elements; x has {x.Length}.", nameof(values));
        for (int i = 0; i < x.Length; i++)
            values[i] = Evaluate(parameters, x[i]);
    }

    /// <summary>
    /// Adds <paramref name="weight"/> · f(x; θ) for the grid points <paramref name="start"/> ..
    /// <paramref name="start"/> + <paramref name="sum"/>.Length − 1 into <paramref name="sum"/> (single precision; the
    /// length is a multiple of <see cref="CurveGrid.Padding"/>). The hot path of the prior sampler; the default
    /// evaluates the scalar formula in double precision.
    /// </summary>
    internal virtual void Accumulate(ReadOnlySpan<double> parameters, double weight, CurveGrid grid, int start, Span<float> sum)
    {
        ReadOnlySpan<double> x = grid.X.AsSpan(start, sum.Length);
        for (int i = 0; i < sum.Length; i++)
            sum[i] += (float)(weight * Evaluate(parameters, x[i]));
    }

    /// <summary>
    /// f(1) and f(T) for the endpoint screen of the sampler. The default calls <see cref="Evaluate(ReadOnlySpan{double}, double)"/>;
    /// families override it with the grid's precomputed logarithms.
    /// </summary>
    internal virtual (double First, double Last) EvaluateEndpoints(ReadOnlySpan<double> parameters, CurveGrid grid) =>
        (Evaluate(parameters, 1.0), Evaluate(parameters, grid.Horizon));

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Formula}";

    private void CheckLength(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length < _parameters.Length)
            throw new ArgumentException($"{Name} takes {_parameters.Length} parameters ({string.Join(", ", _parameters.Select(p => p.Name))}); got {parameters.Length}.", nameof(parameters));
    }
}
