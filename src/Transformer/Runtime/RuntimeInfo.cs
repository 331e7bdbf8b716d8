namespace LcPfn.Transformer.Runtime;

/// <summary>What <see cref="TorchRuntime.Initialize"/> resolved.</summary>
/// <param name="Device">The device computations run on.</param>
/// <param name="CudaAvailable">Whether a CUDA device can be used in this process.</param>
/// <param name="Threads">LibTorch's CPU thread count.</param>
/// <param name="LibTorchDirectory">The PyTorch torch/lib folder loaded, or null for the packaged CPU LibTorch.</param>
public sealed record RuntimeInfo(ComputeDevice Device, bool CudaAvailable, int Threads, string? LibTorchDirectory)
{
    /// <summary>The TorchSharp version.</summary>
    public static string TorchSharpVersion => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>The LibTorch version TorchSharp was built against.</summary>
    public static string LibTorchVersion => TorchSharp.torch.__version__;
}
