using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using LcPfn.Transformer.Training;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Training;

[Collection("Torch")]
public sealed class MixedPrecisionShadowTests
{
    public MixedPrecisionShadowTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    /// <summary>
    /// The bf16 step (the shadow's forward and backward, gradients moved into the fp32 master) computes the loss and the
    /// gradients of the fp32 step on a fixed batch, to bf16's precision: every parameter gets its own gradient back.
    /// </summary>
    [Fact]
    public void Bf16Step_FixedBatch_SameLossAndGradientsAsFp32()
    {
        var options = ModelOptions.FromPreset("tiny") with { Dropout = 0 };
        var prior = new SyntheticPrior(30);
        var batch = prior.SampleBatch(7, 0, 32);
        var distribution = new BarDistribution(BucketBorders.FromSamples(prior.SampleValues(9, 400), options.Buckets));
        using var master = options.CreateModel(5);
        using var shadow = new MixedPrecisionShadow(master, CPU);

        var (fp32Loss, fp32Grads) = LossAndGradients(master, null, distribution, batch);
        var (bf16Loss, bf16Grads) = LossAndGradients(master, shadow, distribution, batch);

        Math.Abs(bf16Loss - fp32Loss).ShouldBeLessThan(0.02 * Math.Abs(fp32Loss) + 0.01);
        fp32Grads.Count.ShouldBe(bf16Grads.Count);
        foreach (var (name, expected) in fp32Grads)
        {
            var actual = bf16Grads[name];
            double norm = Norm(expected);
            if (norm < 1e-6) continue;                                                   // e.g. a bias the loss hardly moves
            double cosine = Dot(expected, actual) / (norm * Norm(actual));
            cosine.ShouldBeGreaterThan(0.98, $"gradient of {name}");
            (Norm(actual) / norm).ShouldBeInRange(0.9, 1.1, $"gradient norm of {name}");
        }
    }

    private static (double Loss, Dictionary<string, float[]> Gradients) LossAndGradients(
        LcPfnModel master, MixedPrecisionShadow? shadow, BarDistribution distribution, TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        foreach (var p in master.parameters()) p.grad?.zero_();
        var compute = shadow?.Compute ?? master;
        shadow?.PullWeights();
        compute.eval();
        var (x, yContext, multipliers, target, mask) = Trainer.ToTensors(batch, CPU, shadow is null ? ScalarType.Float32 : ScalarType.BFloat16);
        var loss = distribution.Nll(compute.Forward(x, yContext, multipliers, mask), target).mean();
        loss.backward();
        shadow?.PushGradients();
        var gradients = master.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
        return (loss.item<float>(), gradients);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    private static double Norm(float[] a) => Math.Sqrt(Dot(a, a));
}
