using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// Decorates a model-space <see cref="ICurveExtrapolator"/> (such as <see cref="PfnExtrapolator"/>) so that callers
/// speak their own metric: values are checked against the declared bounds (error naming run and epoch), mapped
/// with <see cref="MetricTransform.ToModel"/>, and every prediction comes back as a <see cref="TransformedPrediction"/>.
/// </summary>
public sealed class MetricTransformingExtrapolator : ICurveExtrapolator
{
    private readonly ICurveExtrapolator _inner;

    /// <summary>Wraps <paramref name="inner"/> with <paramref name="transform"/>.</summary>
    public MetricTransformingExtrapolator(ICurveExtrapolator inner, MetricTransform transform)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(transform);
        _inner = inner;
        Transform = transform;
    }

    /// <summary>The metric map.</summary>
    public MetricTransform Transform { get; }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var mapped = new ExtrapolationRequest[requests.Count];
        for (int r = 0; r < requests.Count; r++)
        {
            var request = requests[r];
            ArgumentNullException.ThrowIfNull(request);
            var values = new double[request.Values?.Count ?? 0];
            for (int i = 0; i < values.Length; i++)
            {
                double v = request.Values![i];
                if (!Transform.Contains(v))
                {
                    string epoch = request.Epochs is { } e && i < e.Count ? e[i].ToString(CultureInfo.InvariantCulture) : $"#{i + 1}";
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                        $"run '{request.RunId}', epoch {epoch}: the value {v} lies outside the metric's declared bounds [{Transform.Lower}, {Transform.Upper}]."));
                }
                values[i] = Transform.ToModel(v);
            }
            mapped[r] = request with { Values = values };
        }
        var predictions = _inner.Extrapolate(mapped, cancellationToken);
        return [.. predictions.Select(list => (IReadOnlyList<IPredictiveDistribution>)[.. list.Select(p => (IPredictiveDistribution)new TransformedPrediction(p, Transform))])];
    }
}
