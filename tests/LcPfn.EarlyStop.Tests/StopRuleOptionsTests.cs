using System.Text.Json;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests;

public sealed class StopRuleOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReturnsOptions()
    {
        var options = new StopRuleOptions();
        options.Validate().ShouldBeSameAs(options);
        options.Threshold.ShouldBe(0.05);
        options.MinEpochs.ShouldBe(StopRuleDefaults.MinEpochs);
        options.CheckInterval.ShouldBe(1);
        options.Direction.ShouldBe(MetricDirection.Maximize);
        options.BestSoFar.ShouldBe(BestSoFarMode.CompletedRuns);
    }

    [Fact]
    public void Validate_EveryOptionInvalid_OneExceptionListsEveryProblem()
    {
        var options = new StopRuleOptions
        {
            Threshold = 1.5, MinEpochs = 0, CheckInterval = -2, Direction = (MetricDirection)7,
            LowerBound = double.NaN, UpperBound = double.PositiveInfinity, BestSoFar = (BestSoFarMode)9, ConfidenceLevel = 0.2,
        };

        var ex = Should.Throw<InvalidInputException>(() => options.Validate());

        ex.Message.ShouldBe(string.Join(Environment.NewLine,
            "Invalid StopRuleOptions:",
            "Property Threshold: must be in (0, 1); was 1.5",
            "Property MinEpochs: must be in [1, 100000]; was 0",
            "Property CheckInterval: must be in [1, 100000]; was -2",
            "Property Direction: must be Maximize or Minimize; was 7",
            "Property LowerBound: must be finite; was NaN",
            "Property UpperBound: must be finite; was Infinity",
            "Property BestSoFar: must be CompletedRuns or CompletedAndConfidentPredictions; was 9",
            "Property ConfidenceLevel: must be in [0.5, 1); was 0.2"));
    }

    [Fact]
    public void Validate_UpperBoundNotAboveLower_NamesBoth()
    {
        var ex = Should.Throw<InvalidInputException>(() => new StopRuleOptions { LowerBound = 2, UpperBound = 1 }.Validate());
        ex.Message.ShouldBe($"Invalid StopRuleOptions:{Environment.NewLine}Property UpperBound: must be above LowerBound (2); was 1");
    }

    [Fact]
    public void Serialize_RoundTrip_Equal()
    {
        var options = new StopRuleOptions
        {
            Threshold = 0.01, MinEpochs = 7, CheckInterval = 3, Direction = MetricDirection.Minimize, LowerBound = -1, UpperBound = 5,
            BestSoFar = BestSoFarMode.CompletedAndConfidentPredictions, ConfidenceLevel = 0.9,
        };
        JsonSerializer.Deserialize<StopRuleOptions>(JsonSerializer.Serialize(options)).ShouldBe(options);
    }
}
