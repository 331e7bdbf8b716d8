using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Inference;
using LcPfn.Transformer.Runtime;
using Shouldly;

namespace LcPfn.Transformer.Tests.Inference;

/// <summary>What the shipped default model must do with a learning-rate schedule (issue: a prior that covers real runs).</summary>
[Collection("Torch")]
public sealed class ShippedModelTests : IDisposable
{
    private readonly PfnExtrapolator _pfn;

    public ShippedModelTests()
    {
        TorchRuntime.Initialize(ComputeDevice.Cpu);
        _pfn = PfnExtrapolator.Load(ModelLocator.DefaultModelDirectory, new PfnExtrapolatorOptions { Device = ComputeDevice.Cpu, Threads = 1 });
    }

    public void Dispose() => _pfn.Dispose();

    private double FinalMedian(LearningRateSchedule? schedule, double[] values, int horizon) =>
        _pfn.Extrapolate([new ExtrapolationRequest("r", [.. Enumerable.Range(1, values.Length)], values, horizon, [horizon], schedule)],
            TestContext.Current.CancellationToken)[0][0].Median;

    [Fact]
    public void DefaultModel_TakesTheScheduleAsInput()
    {
        _pfn.Manifest!.Model.ScheduleInput.ShouldBeTrue();
        _pfn.Manifest.Summary!.CurvesSeen.ShouldBeGreaterThanOrEqualTo(1_000_000);
    }

    [Fact]
    public void SteadilyRisingRun_UnderCosine_IsForecastHigherThanUnderConstant_AndAboveItsLastValue()
    {
        double[] values = [0.04, 0.085, 0.12, 0.165, 0.2];
        double cosine = FinalMedian(LearningRateSchedule.Cosine, values, 50);
        double constant = FinalMedian(LearningRateSchedule.Constant, values, 50);
        cosine.ShouldBeGreaterThan(constant);
        cosine.ShouldBeGreaterThan(values[^1]);
    }

    [Fact]
    public void PlateauedRunHalfwayThroughCosine_IsForecastToJumpAsTheRateAnneals()
    {
        // NAS-Bench-201-like: fast rise, then a noisy plateau at the peak rate; half of the cosine schedule is left.
        double[] values = [.. Enumerable.Range(1, 100).Select(e => 0.75 - 0.4 * Math.Exp(-e / 8.0) + 0.01 * Math.Sin(e * 1.7))];
        double cosine = FinalMedian(LearningRateSchedule.Cosine, values, 200);
        double constant = FinalMedian(LearningRateSchedule.Constant, values, 200);
        cosine.ShouldBeGreaterThan(constant + 0.01);
        cosine.ShouldBeGreaterThan(0.76);
    }
}
