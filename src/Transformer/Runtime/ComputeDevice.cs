namespace LcPfn.Transformer.Runtime;

/// <summary>Which device LcPfn computes on.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when it is available, otherwise the CPU.</summary>
    Auto,
    /// <summary>The CPU (LibTorch from the <c>libtorch-cpu-linux-x64</c> package).</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through a PyTorch installation named by <c>LCPFN_LIBTORCH</c>.</summary>
    Cuda,
}
