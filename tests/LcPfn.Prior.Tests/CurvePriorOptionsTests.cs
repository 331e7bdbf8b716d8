using System.Text.Json;
using Shouldly;

namespace LcPfn.Prior.Tests;

public sealed class CurvePriorOptionsTests
{
    [Fact]
    public void Default_IsTheLcPfnPrior()
    {
        var o = CurvePriorOptions.Default;
        o.Families.ShouldBe(["pow3", "ilog2", "janoschek"]);
        o.WeightMin.ShouldBe(0);
        o.WeightMax.ShouldBe(1);
        o.NormalizeWeights.ShouldBeFalse();
        o.LogSigmaMean.ShouldBe(-4);
        o.LogSigmaStd.ShouldBe(1);
        o.Horizon.ShouldBe(100);
        o.RangeConstraint.ShouldBeTrue();
        o.GetProblems().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_EveryOptionWrong_ReportsEveryProblemInOneMessage()
    {
        var options = new CurvePriorOptions
        {
            Families = ["pow3", "pow5", "pow3"],
            WeightMin = -1,
            WeightMax = -2,
            LogSigmaMean = double.NaN,
            LogSigmaStd = -1,
            Horizon = 0,
            MaxAttempts = 0,
        };
        var ex = Should.Throw<InvalidInputException>(options.Validate);
        ex.Message.ShouldBe(
            "Invalid CurvePriorOptions: "
            + "Property Families: 'pow5' is not a known family (known: pow3, ilog2, janoschek, log_power, weibull, mmf, vap, loglog_linear, exp4, pow4, dr_hill_zero_background, pow3_uniform, ilog2_uniform, janoschek_uniform); "
            + "Property Families: 'pow3' is listed 2 times; list each family once; "
            + "Property WeightMin: must be finite and >= 0; was -1; "
            + "Property WeightMax: must be finite and > WeightMin (-1); was -2; "
            + "Property LogSigmaMean: must be finite; was NaN; "
            + "Property LogSigmaStd: must be finite and >= 0; was -1; "
            + "Property Horizon: must be in [2, 1000]; was 0; "
            + "Property MaxAttempts: must be >= 1; was 0.");
    }

    [Fact]
    public void Validate_NoFamilies_ReportsIt()
    {
        var ex = Should.Throw<InvalidInputException>((CurvePriorOptions.Default with { Families = [] }).Validate);
        ex.Message.ShouldBe("Invalid CurvePriorOptions: Property Families: must name at least one family; was empty.");
    }

    [Fact]
    public void Options_JsonRoundTrip_KeepsEveryValue()
    {
        var options = CurvePriorOptions.Default with { Families = ["vap", "mmf"], WeightMax = 0.7, Horizon = 50, RangeConstraint = false, NormalizeWeights = true };
        var back = JsonSerializer.Deserialize<CurvePriorOptions>(JsonSerializer.Serialize(options))!;
        back.Families.ShouldBe(options.Families);
        (back with { Families = options.Families }).ShouldBe(options);
    }
}
