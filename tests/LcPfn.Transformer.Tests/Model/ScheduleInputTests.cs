using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

[Collection("Torch")]
public sealed class ScheduleInputTests
{
    public ScheduleInputTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    /// <summary>A tiny model with the schedule input and weights moved off their (partly zero) initialisation.</summary>
    internal static LcPfnModel TinyScheduleModel() => LcPfnModelTests.RandomizedTinyModel(scheduleInput: true);

    [Fact]
    public void Forward_NaNMultipliers_SameAsNoSchedule_AndKnownOnesChangeTheForecast()
    {
        using var scope = NewDisposeScope();
        using var model = TinyScheduleModel();
        using var noGrad = no_grad();
        var x = arange(1, 21, dtype: ScalarType.Float32).unsqueeze(1);                  // (20, 1)
        var y = linspace(0.2, 0.6, 8).unsqueeze(1);                                     // (8, 1)
        var mask = PfnAttentionMask.Create(20, 8);
        var none = model.Forward(x, y, null, mask);
        var unknown = model.Forward(x, y, full_like(x, double.NaN), mask);
        (none - unknown).abs().max().item<float>().ShouldBe(0f);
        var cosine = model.Forward(x, y, (0.5 * (1 + cos(x * (Math.PI / 20)))).to(ScalarType.Float32), mask);
        (none - cosine).abs().max().item<float>().ShouldBeGreaterThan(1e-3f);
    }

    [Fact]
    public void ParameterCount_WithScheduleInput_CountsTheLrEncoder()
    {
        using var model = TinyScheduleModel();
        long actual = model.parameters().Sum(p => p.numel());
        actual.ShouldBe(model.Options.ParameterCount);
        model.state_dict().Keys.ShouldContain("lr_encoder.1.weight");
        (model.Options.ParameterCount - ModelOptions.FromPreset("tiny").ParameterCount).ShouldBe(2 * 32);
    }
}
