using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using LcPfn.Prior;
using LcPfn.Prior.Batches;

namespace LcPfn.Transformer.Training;

/// <summary>
/// Adapts <see cref="CurvePrior"/> / <see cref="PriorBatchSampler"/> (one cutoff per batch) to the trainer. Epoch
/// t of a prior with horizon S enters as x = t·100/S, the convention of inference (identity for S = 100).
/// </summary>
public sealed class CurvePriorTrainingSource : ITrainingPrior
{
    private readonly CurvePrior _prior;
    private readonly ConcurrentDictionary<(ulong Seed, int BatchSize), PriorBatchSampler> _samplers = new();

    /// <summary>Wraps a prior built from <paramref name="options"/>.</summary>
    public CurvePriorTrainingSource(CurvePriorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prior = new CurvePrior(options);
    }

    /// <inheritdoc />
    public int SequenceLength => _prior.Horizon;

    /// <inheritdoc />
    public JsonNode? Describe() => JsonSerializer.SerializeToNode(_prior.Options, Checkpoints.ModelCheckpoint.JsonOptions);

    /// <inheritdoc />
    public TrainingBatch SampleBatch(ulong seed, long batchIndex, int batchSize)
    {
        var sampler = _samplers.GetOrAdd((seed, batchSize), key => new PriorBatchSampler(_prior, new PriorBatchOptions { BatchSize = key.BatchSize, Cutoff = CutoffMode.PerBatch }, key.Seed));
        var batch = sampler.Sample(batchIndex);
        float[] x = batch.X;
        if (batch.SequenceLength != 100)
        {
            float scale = 100f / batch.SequenceLength;
            for (int i = 0; i < x.Length; i++) x[i] *= scale;
        }
        return new TrainingBatch(batch.SequenceLength, batch.BatchSize, batch.Cutoff, x, batch.Y);
    }

    /// <inheritdoc />
    public float[] SampleValues(ulong seed, int curves)
    {
        var values = new float[(long)curves * _prior.Horizon];
        _prior.SampleParallel(seed, 0, curves, new CurveSampleBuffers(values));
        return values;
    }
}
