using LcPfn.EarlyStop.Batch;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Batch;

public sealed class BatchExtrapolatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new BatchExtrapolatorOptions();

        options.Validate();

        options.ColumnQuantiles.ShouldBe([0.05, 0.25, 0.75, 0.95]);
        options.EffectiveUpper.ShouldBe(1.0);
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var options = new BatchExtrapolatorOptions { CutoffFractions = [0.5, 1.5], Quantiles = [0.5, 1.0], Scale = 0, BatchSize = 0, Lower = 2, Upper = 1 };

        var error = Should.Throw<InvalidInputException>(options.Validate);

        error.Message.ShouldBe("Invalid batch extrapolation options: Property CutoffFractions: each fraction must be in (0, 1]; was 1.5; "
            + "Property Quantiles: each level must be in (0, 1); was 1; Property Scale: must be finite and positive; was 0; "
            + "Property Upper: must be above the lower bound 2; was 1; Property BatchSize: must be in [1, 65536]; was 0.");
    }

    [Theory]
    [InlineData(0.05, "q05")]
    [InlineData(0.5, "q50")]
    [InlineData(0.95, "q95")]
    [InlineData(0.975, "q97_5")]
    [InlineData(0.001, "q00_1")]
    public void QuantileColumnName_Level_Formats(double level, string expected) =>
        BatchExtrapolatorOptions.QuantileColumnName(level).ShouldBe(expected);

    [Fact]
    public void EffectiveUpper_PercentScale_IsHundred() =>
        new BatchExtrapolatorOptions { Scale = 0.01 }.EffectiveUpper.ShouldBe(100, 1e-9);
}
