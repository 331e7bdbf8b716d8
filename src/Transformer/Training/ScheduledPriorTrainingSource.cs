using System.Text.Json;
using System.Text.Json.Nodes;
using LcPfn.Prior.Sampling;
using LcPfn.Prior.Schedules;

namespace LcPfn.Transformer.Training;

/// <summary>
/// Adapts the schedule-aware <see cref="ScheduleCurvePrior"/> to the trainer: batches carry the learning-rate
/// multiplier of every position (NaN where unknown) beside epochs and values; one cutoff per batch from a stream of
/// (seed, batch), as <see cref="CurvePriorTrainingSource"/>. Train it with <see cref="Model.ModelOptions.ScheduleInput"/>.
/// </summary>
public sealed class ScheduledPriorTrainingSource : ITrainingPrior
{
    /// <summary>Mixed into the seed for the cutoff streams.</summary>
    private const ulong CutoffDomain = 0x6375746F66667321UL; // "cutoffs!"

    private readonly ScheduleCurvePrior _prior;

    /// <summary>Wraps a prior built from <paramref name="options"/>.</summary>
    public ScheduledPriorTrainingSource(ScheduleCurvePriorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prior = new ScheduleCurvePrior(options);
    }

    /// <inheritdoc />
    public int SequenceLength => _prior.Horizon;

    /// <inheritdoc />
    public JsonNode? Describe()
    {
        var node = JsonSerializer.SerializeToNode(_prior.Options, Checkpoints.ModelCheckpoint.JsonOptions)!.AsObject();
        node["name"] = ScheduleCurvePriorOptions.PresetName;
        return node;
    }

    /// <inheritdoc />
    public TrainingBatch SampleBatch(ulong seed, long batchIndex, int batchSize)
    {
        int s = _prior.Horizon, b = batchSize;
        var curves = new float[b * s];
        var rates = new float[b * s];
        _prior.Sample(seed, batchIndex * b, b, curves, rates);
        var y = new float[s * b];
        var m = new float[s * b];
        var x = new float[s * b];
        float scale = 100f / s;
        for (int c = 0; c < b; c++)
        {
            for (int t = 0; t < s; t++)
            {
                y[t * b + c] = curves[c * s + t];
                m[t * b + c] = rates[c * s + t];
            }
        }
        for (int t = 0; t < s; t++) x.AsSpan(t * b, b).Fill((t + 1) * scale);
        var rng = PriorRandom.Create(PriorRandom.Mix(seed ^ CutoffDomain), (ulong)batchIndex);
        int cutoff = rng.NextInt(1, s - 1);
        return new TrainingBatch(s, b, cutoff, x, y, m);
    }

    /// <inheritdoc />
    public float[] SampleValues(ulong seed, int curves)
    {
        var values = new float[(long)curves * _prior.Horizon];
        _prior.SampleParallel(seed, 0, curves, values, new float[values.Length]);
        return values;
    }
}
