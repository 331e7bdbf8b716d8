using LcPfn.Transformer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Training;

/// <summary>
/// Explicit bf16 mixed precision (TorchSharp has no autocast): a bf16 copy of the model does the forward and backward
/// passes; the fp32 master model owns the weights and the optimiser state. Per step: <see cref="PullWeights"/>
/// (master → bf16), forward/backward on <see cref="Compute"/>, <see cref="PushGradients"/> (bf16 grads → fp32 master
/// grads), then clip and step on the master. The loss is computed in fp32 from the bf16 logits.
/// </summary>
internal sealed class MixedPrecisionShadow : IDisposable
{
    private readonly (Tensor Master, Tensor Compute)[] _pairs;

    public MixedPrecisionShadow(LcPfnModel master, Device device)
    {
        Compute = master.Options.CreateModel();
        Compute.to(device).to(ScalarType.BFloat16);
        var computeParameters = Compute.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        _pairs = [.. master.named_parameters().Select(p => ((Tensor)p.parameter, computeParameters[p.name]))];
    }

    /// <summary>The bf16 model that runs forward and backward.</summary>
    public LcPfnModel Compute { get; }

    /// <summary>Copies the fp32 master weights into the bf16 compute model.</summary>
    public void PullWeights()
    {
        using var noGrad = no_grad();
        foreach (var (master, compute) in _pairs) compute.copy_(master);
    }

    /// <summary>Moves the compute model's bf16 gradients into the master parameters as fp32 and clears them.</summary>
    public void PushGradients()
    {
        using var noGrad = no_grad();
        foreach (var (master, compute) in _pairs)
        {
            var grad = compute.grad;
            if (grad is null) continue;
            master.grad = grad.to(ScalarType.Float32);
            compute.grad = null;
        }
    }

    public void Dispose() => Compute.Dispose();
}
