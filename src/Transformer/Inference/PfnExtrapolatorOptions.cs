using LcPfn.Transformer.Runtime;

namespace LcPfn.Transformer.Inference;

/// <summary>How a <see cref="PfnExtrapolator"/> runs.</summary>
public sealed record PfnExtrapolatorOptions
{
    /// <summary>Default number of runs per forward pass.</summary>
    public const int DefaultMaxBatch = 256;

    /// <summary>Device. <value>The default is auto (CUDA when available).</value></summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>LibTorch CPU threads (0 = all cores). <value>The default is 0.</value></summary>
    public int Threads { get; init; }

    /// <summary>
    /// The largest tensor a forward pass may allocate, in bytes: a pass takes fewer runs when needed (at least one).
    /// Null = <see cref="TorchRuntime.HeapTensorBudgetBytes"/> (set when the process bounded its native heap; otherwise
    /// no limit). <value>The default is null.</value>
    /// </summary>
    public long? MaxTensorBytes { get; init; }

    /// <summary>Runs per forward pass, in [1, 65536]; longer request lists are split. <value>The default is 256.</value></summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;
}
