// EmbeddedCallback: a real TorchSharp training loop that asks LcPfn after every epoch whether to go on.
// It trains a small MLP on a 3-class spiral data set it generates itself, once per learning rate (a tiny
// hyperparameter study), and the early-stopping callback stops the settings that will not beat the best one.
//   dotnet run --project samples/EmbeddedCallback -c Release            (under a minute on 2 cores)
//   dotnet run --project samples/EmbeddedCallback -c Release -- --smoke  (a few seconds)
using System.Globalization;
using LcPfn.EarlyStop;
using LcPfn.EarlyStop.Policies;
using LcPfn.Samples;
using LcPfn.Samples.EmbeddedCallback;
using TorchSharp;
using static TorchSharp.torch;

bool smoke = args.Contains("--smoke");
var study = smoke
    ? new StudyPlan(Points: 600, Epochs: 10, LearningRates: [0.05, 0.0001, 0.02])
    : new StudyPlan(Points: 2000, Epochs: 30, LearningRates: [0.05, 0.002, 0.5, 0.0003, 0.02, 3.0, 0.008, 0.0001]);

using var forecaster = SampleModel.Open();
Console.WriteLine($"forecaster: {forecaster.Description}");

// 1. The callback: one per study. It decides from epoch 5 on, every epoch, with the LC-PFN rule:
//    stop when P(final validation accuracy > best final so far) < 5 %.
var policy = new PredictiveStoppingPolicy(forecaster.Extrapolator, new StopRuleOptions { MinEpochs = 5, Threshold = 0.05 });
var callback = new EarlyStopCallback(policy, new EarlyStopCallbackOptions { Horizon = study.Epochs });

torch.manual_seed(1);
var data = SpiralData.Generate(study.Points, seed: 1);
var results = new List<(string RunId, int Epochs, double Accuracy, StopDecision Decision)>();
foreach (double lr in study.LearningRates)
{
    string runId = "lr=" + lr.ToString("G3", CultureInfo.InvariantCulture);
    using var net = SpiralNet.Create(seed: 7);
    using var optimizer = optim.SGD(net.parameters(), lr, momentum: 0.9);
    using var shuffle = new Generator(11);
    StopDecision decision = null!;
    double accuracy = 0;
    int epoch;
    for (epoch = 1; epoch <= study.Epochs; epoch++)
    {
        SpiralNet.TrainEpoch(net, optimizer, data, batchSize: 100, shuffle);
        accuracy = SpiralNet.Accuracy(net, data);
        // 2. Report the epoch; stop training when the decision says so.
        decision = callback.Report(runId, epoch, accuracy);
        if (decision.ShouldStop) break;
    }
    int trained = Math.Min(epoch, study.Epochs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{runId,-10} {(decision.ShouldStop ? "STOPPED" : "finished"),-8} after {trained,2} of {study.Epochs} epochs, validation accuracy {accuracy:0.000}"));
    if (decision.ShouldStop) Console.WriteLine($"           why: {decision.Reason}");
    results.Add((runId, trained, accuracy, decision));
}

int used = results.Sum(r => r.Epochs), full = study.Epochs * results.Count;
var best = results.Where(r => !r.Decision.ShouldStop).MaxBy(r => r.Accuracy);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{results.Count(r => r.Decision.ShouldStop)} of {results.Count} settings stopped; {used} of {full} epochs trained ({(double)full / used:0.00}x fewer); best {best.RunId} at {best.Accuracy:0.000}"));
data.Dispose();

/// <summary>How big the study is.</summary>
internal sealed record StudyPlan(int Points, int Epochs, double[] LearningRates);
