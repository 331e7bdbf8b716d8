using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Samples.EmbeddedCallback;

/// <summary>A small MLP (2 → 64 → 64 → 3, ReLU) and its train and evaluate steps.</summary>
internal static class SpiralNet
{
    /// <summary>A fresh network; the same seed gives the same initial weights.</summary>
    public static Sequential Create(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(
            ("fc1", nn.Linear(2, 64)), ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(64, 64)), ("relu2", nn.ReLU()),
            ("out", nn.Linear(64, 3)));
    }

    /// <summary>One pass over the training set in shuffled mini-batches.</summary>
    public static void TrainEpoch(Sequential net, optim.Optimizer optimizer, SpiralData data, int batchSize, Generator shuffle)
    {
        net.train();
        using var epoch = NewDisposeScope();
        long n = data.TrainX.shape[0];
        var order = randperm(n, generator: shuffle);                          // (N)
        for (long start = 0; start < n; start += batchSize)
        {
            using var step = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(batchSize, n - start)); // (b)
            optimizer.zero_grad();
            var logits = net.call(data.TrainX.index_select(0, index));         // (b, 3)
            var loss = nn.functional.cross_entropy(logits, data.TrainY.index_select(0, index));
            loss.backward();
            optimizer.step();
        }
    }

    /// <summary>Validation accuracy in [0, 1].</summary>
    public static double Accuracy(Sequential net, SpiralData data)
    {
        net.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = net.call(data.ValidX).argmax(1);                        // (M)
        return predicted.eq(data.ValidY).to_type(ScalarType.Float32).mean().item<float>();
    }
}
