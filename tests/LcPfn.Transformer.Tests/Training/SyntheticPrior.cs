using System.Text.Json.Nodes;
using LcPfn.Transformer.Training;

namespace LcPfn.Transformer.Tests.Training;

/// <summary>
/// A small, fast stand-in prior for trainer tests: y = c − a·(x/S)^(−α)·0.1 + N(0, σ²) style saturating curves with a
/// per-batch cutoff; deterministic in (seed, index).
/// </summary>
internal sealed class SyntheticPrior(int sequenceLength) : ITrainingPrior
{
    public int SequenceLength { get; } = sequenceLength;

    public JsonNode? Describe() => new JsonObject { ["name"] = "synthetic-test-prior", ["horizon"] = SequenceLength };

    public TrainingBatch SampleBatch(ulong seed, long batchIndex, int batchSize)
    {
        var random = new Random(StableSeed(seed, batchIndex));
        int s = SequenceLength;
        var x = new float[s * batchSize];
        var y = new float[s * batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            var curve = Curve(random);
            for (int t = 0; t < s; t++)
            {
                x[t * batchSize + b] = (t + 1) * 100f / s;
                y[t * batchSize + b] = curve[t];
            }
        }
        return new TrainingBatch(s, batchSize, random.Next(1, s), x, y);
    }

    public float[] SampleValues(ulong seed, int curves)
    {
        var random = new Random(StableSeed(seed, -1L));
        var values = new List<float>(curves * SequenceLength);
        for (int c = 0; c < curves; c++) values.AddRange(Curve(random));
        return [.. values];
    }

    /// <summary>
    /// A seed fixed by (seed, index) in every process (HashCode.Combine is randomised per process, which made the
    /// trainer tests' batches, and so their outcomes, differ from run to run).
    /// </summary>
    private static int StableSeed(ulong seed, long index) =>
        unchecked((int)LcPfn.Prior.Sampling.PriorRandom.Mix(seed * 0x9E3779B97F4A7C15UL ^ (ulong)index));

    private float[] Curve(Random random)
    {
        double top = 0.5 + 0.45 * random.NextDouble(), start = top * random.NextDouble(), rate = 0.02 + 0.3 * random.NextDouble();
        double sigma = Math.Exp(-5 + random.NextDouble() * 2);
        var values = new float[SequenceLength];
        for (int t = 0; t < SequenceLength; t++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[t] = (float)(top - (top - start) * Math.Exp(-rate * (t + 1)) + sigma * noise);
        }
        return values;
    }
}
