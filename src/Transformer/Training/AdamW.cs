using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Training;

/// <summary>
/// TorchSharp's AdamW with a step that holds its Scalars through every native call. TorchSharp 0.107's own step makes
/// about eight temporary Scalars per parameter and step (<c>mul_(1 − lr·λ)</c>, <c>add_(grad, alpha: 1 − β₁)</c>, …), any
/// of which a garbage collection on a sampler thread can free while LibTorch reads it (docs/decisions/0007). The update
/// is the same arithmetic in the same order, so parameters and state match TorchSharp's step bit for bit
/// (<c>AdamWTests</c>), and the state, <c>optimizer.dat</c> included, is TorchSharp's: checkpoints written by either
/// load into the other. The class is named AdamW on purpose: TorchSharp writes the optimizer's type name into
/// <c>optimizer.dat</c> and checks it on load. No AMSGrad and no maximize: the trainer uses neither.
/// </summary>
internal sealed class AdamW : TorchSharp.Modules.AdamW
{
    /// <summary>AdamW over <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad: false, maximize: false)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value;
        double weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        using var decay = (1 - lr * weightDecay).ToScalar();
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var gradientWeight = (1 - beta1).ToScalar();
        using var squareWeight = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var one = 1L.ToScalar();   // add_(Scalar) alone would make its alpha a temporary
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            param.mul_(decay);
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(beta1Scalar).add_(grad, gradientWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, squareWeight);
            using var rootCorrection = Math.Sqrt(biasCorrection2).ToScalar();
            using var root = state.exp_avg_sq.sqrt();
            using var denominator = root.div(rootCorrection).add_(epsScalar, one);
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            param.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
