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

    [Fact]
    public void ReleaseFreeMemory_LargeGarbage_LeavesTheHeapWithoutIt()
    {
        var keep = Allocate(20);                 // live: must survive the collection
        Drop(200);                               // 200 MB of large-object garbage
        TorchRuntime.ReleaseFreeMemory();
        var after = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        after.Compacted.ShouldBeTrue();
        after.HeapSizeBytes.ShouldBeLessThan(150L << 20); // the garbage went, the live 20 MB did not
        after.HeapSizeBytes.ShouldBeGreaterThan(20L << 20);
        keep.Length.ShouldBe(20);
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode.ShouldBe(System.Runtime.GCLargeObjectHeapCompactionMode.Default); // once only
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static byte[][] Allocate(int megabytes) =>
        Enumerable.Range(0, megabytes).Select(i => { var a = new byte[1 << 20]; a[i] = 1; return a; }).ToArray();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Drop(int megabytes) => GC.KeepAlive(Allocate(megabytes));
}
