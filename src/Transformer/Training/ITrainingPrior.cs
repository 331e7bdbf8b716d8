using System.Text.Json.Nodes;

namespace LcPfn.Transformer.Training;

/// <summary>
/// What the trainer needs from a prior: deterministic batches (one cutoff per batch) and raw values for the bucket
/// borders. The CLI adapts <c>LcPfn.Prior</c>'s sampler to it; tests can pass a simple synthetic prior.
/// </summary>
public interface ITrainingPrior
{
    /// <summary>Positions per curve S (the horizon; 100 for the LC-PFN prior).</summary>
    int SequenceLength { get; }

    /// <summary>The prior's options as JSON for model.json, or null.</summary>
    JsonNode? Describe();

    /// <summary>
    /// Batch number <paramref name="batchIndex"/> of the stream <paramref name="seed"/>: the same arguments give the
    /// same batch on any thread. Must be thread-safe.
    /// </summary>
    TrainingBatch SampleBatch(ulong seed, long batchIndex, int batchSize);

    /// <summary>The noisy values of <paramref name="curves"/> curves (curves × S values) for the bucket borders.</summary>
    float[] SampleValues(ulong seed, int curves);
}
