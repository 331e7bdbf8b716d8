using LcPfn.Transformer.Runtime;
using LcPfn.Transformer.Tests.Runtime;
using LcPfn.Transformer.Training;
using Shouldly;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Training;

[Collection("Torch")]
public sealed class AdamWTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-adamw-").FullName;

    public AdamWTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Step_SameGradients_SameParametersAndStateAsTorchSharpAdamW(double weightDecay)
    {
        using var scope = NewDisposeScope();
        var plain = Network();
        var held = Network();
        using var plainOptimizer = optim.AdamW(plain.parameters(), lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: weightDecay);
        using var heldOptimizer = new LcPfn.Transformer.Training.AdamW(held.parameters(), 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: weightDecay);
        var generator = new Generator(3);
        for (var step = 0; step < 6; step++)
        {
            var x = randn([32, 6], generator: generator);
            var y = x.sum(1, keepdim: true).sin();
            foreach (var (model, optimizer) in new (Sequential, OptimizerHelper)[] { (plain, plainOptimizer), (held, heldOptimizer) })
            {
                optimizer.zero_grad();
                nn.functional.mse_loss(model.call(x), y).backward();
                if (step == 3) optimizer.ParamGroups.First().LearningRate = 0.003; // the trainer's schedule sets it per step
                optimizer.step();
            }
        }

        var pairs = plain.parameters().Zip(held.parameters()).ToArray();
        pairs.Length.ShouldBe(4);
        foreach (var (a, b) in pairs) b.ShouldEqualBitwise(a);
        pairs.Any(p => p.First.abs().max().item<float>() > 0).ShouldBeTrue();

        var plainState = Path.Combine(_folder, "plain.dat");
        var heldState = Path.Combine(_folder, "held.dat");
        plainOptimizer.save_state_dict(plainState);
        heldOptimizer.save_state_dict(heldState);
        File.ReadAllBytes(heldState).ShouldBe(File.ReadAllBytes(plainState)); // steps, moments, options: one format

        // A checkpoint of either loads into the other (TorchSharp checks the type name on load).
        using var reloaded = new LcPfn.Transformer.Training.AdamW(held.parameters(), 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: weightDecay);
        reloaded.load_state_dict(plainState);
        plainOptimizer.load_state_dict(heldState);
    }

    private static Sequential Network()
    {
        manual_seed(17);
        return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1));
    }
}
