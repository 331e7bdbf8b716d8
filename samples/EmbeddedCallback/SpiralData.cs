using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Samples.EmbeddedCallback;

/// <summary>Three interleaved noisy spirals in the plane (a classic toy classification task), split 80/20.</summary>
internal sealed class SpiralData : IDisposable
{
    private const int Classes = 3;

    private SpiralData(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY)
    {
        TrainX = trainX;
        TrainY = trainY;
        ValidX = validX;
        ValidY = validY;
    }

    /// <summary>Training inputs (N, 2).</summary>
    public Tensor TrainX { get; }

    /// <summary>Training labels (N), int64 in [0, 3).</summary>
    public Tensor TrainY { get; }

    /// <summary>Validation inputs (M, 2).</summary>
    public Tensor ValidX { get; }

    /// <summary>Validation labels (M).</summary>
    public Tensor ValidY { get; }

    /// <summary>Generates <paramref name="points"/> points; the same seed gives the same data.</summary>
    public static SpiralData Generate(int points, int seed)
    {
        var random = new Random(seed);
        var x = new float[points * 2];
        var y = new long[points];
        for (int i = 0; i < points; i++)
        {
            int label = i % Classes;
            double r = random.NextDouble();                                   // radius in [0, 1)
            double angle = label * 2 * Math.PI / Classes + 4.0 * r + 0.25 * Normal(random);
            x[2 * i] = (float)(r * Math.Cos(angle));
            x[2 * i + 1] = (float)(r * Math.Sin(angle));
            y[i] = label;
        }
        int train = points * 4 / 5;
        var all = tensor(x).reshape(points, 2);
        var labels = tensor(y);
        return new SpiralData(
            all[..train].clone(), labels[..train].clone(),
            all[train..].clone(), labels[train..].clone());
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        ValidX.Dispose();
        ValidY.Dispose();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
