using LcPfn.Transformer.Runtime;
using Shouldly;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Runtime;

[Collection("Torch")]
public sealed class TorchRuntimeTests
{
    [Fact]
    public void Initialize_Cpu_ForwardBackwardAndOptimizerStepChangeTheWeights()
    {
        var info = TorchRuntime.Initialize(ComputeDevice.Cpu);
        info.Device.ShouldBe(ComputeDevice.Cpu);
        info.Threads.ShouldBeGreaterThan(0);

        using var scope = NewDisposeScope();
        var generator = new Generator(4711);
        var model = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.Linear(8, 1));
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        var optimizer = optim.AdamW(model.parameters(), lr: 0.01);

        var x = randn(new long[] { 16, 4 }, generator: generator);
        var y = x.sum(1, keepdim: true);
        var loss = nn.functional.mse_loss(model.call(x), y);
        loss.backward();
        optimizer.step();

        float.IsFinite(loss.item<float>()).ShouldBeTrue();
        model.parameters().First().grad.ShouldNotBeNull();
        var after = model.parameters().ToArray();
        after.Zip(before).Any(pair => !pair.First.allclose(pair.Second)).ShouldBeTrue();
    }

    [Fact]
    public void Initialize_CudaWithoutLibTorchEnvironment_ThrowsWithWhatToSet()
    {
        if (Environment.GetEnvironmentVariable(TorchRuntime.LibTorchEnvironmentVariable) is { Length: > 0 })
            return; // on a CUDA machine this case does not exist
        var ex = Should.Throw<InvalidOperationException>(() => TorchRuntime.Initialize(ComputeDevice.Cuda));
        ex.Message.ShouldContain("LCPFN_LIBTORCH");
    }

    [Fact]
    public void Initialize_ThreadCount_IsApplied()
    {
        var info = TorchRuntime.Initialize(ComputeDevice.Cpu, threads: 1);
        info.Threads.ShouldBe(1);
        torch.get_num_threads().ShouldBe(1);
        TorchRuntime.Initialize(ComputeDevice.Cpu).Threads.ShouldBe(Environment.ProcessorCount);
    }
}
