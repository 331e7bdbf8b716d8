using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class CutoffPlanTests
{
    [Fact]
    public void CutoffEpoch_200EpochCurve_Gives20_40_80_160()
    {
        EvaluationOptions.DefaultCutoffs.Select(f => CutoffPlan.CutoffEpoch(200, f)).ShouldBe([20, 40, 80, 160]);
    }

    [Fact]
    public void CutoffEpoch_100EpochPrior_GivesThePapersCutoffs()
    {
        EvaluationOptions.DefaultCutoffs.Select(f => CutoffPlan.CutoffEpoch(100, f)).ShouldBe([10, 20, 40, 80]);
    }

    [Theory]
    [InlineData(2, 0.1, 1)]
    [InlineData(5, 0.8, 4)]
    [InlineData(3, 0.8, 2)]
    [InlineData(15, 0.1, 2)]
    public void CutoffEpoch_ShortHorizons_StayWithin1AndHMinus1(int horizon, double fraction, int expected)
    {
        CutoffPlan.CutoffEpoch(horizon, fraction).ShouldBe(expected);
    }

    [Fact]
    public void Request_200EpochCurve_ObservesUpToCutoffAndQueriesTheRestWithHorizon200()
    {
        var curve = new LearningCurve("a", "s", 200, Enumerable.Range(1, 200).ToArray(), Enumerable.Range(1, 200).Select(e => e / 400.0).ToArray());

        var request = CutoffPlan.Request(curve, CutoffPlan.CutoffEpoch(200, 0.4), out double[] truth);

        request.Horizon.ShouldBe(200);
        request.Epochs.ShouldBe(Enumerable.Range(1, 80));
        request.QueryEpochs.ShouldBe(Enumerable.Range(81, 120));
        truth[^1].ShouldBe(0.5);
        // The PFN maps epoch e to x = e·100/H: the cutoff epoch 80 of 200 is x = 40, the final epoch x = 100.
        (request.Epochs[^1] * 100.0 / request.Horizon).ShouldBe(40.0);
        (request.QueryEpochs[^1] * 100.0 / request.Horizon).ShouldBe(100.0);
    }

    [Fact]
    public void Request_PartialCurveWithGaps_UsesObservedEpochsOnly()
    {
        var curve = new LearningCurve("g", "s", 10, [1, 3, 6, 10], [0.1, 0.2, 0.3, 0.4]);

        var request = CutoffPlan.Request(curve, 4, out double[] truth);

        request.Epochs.ShouldBe([1, 3]);
        request.QueryEpochs.ShouldBe([6, 10]);
        truth.ShouldBe([0.3, 0.4]);
    }

    [Fact]
    public void Key_Fractions_AreTheJsonKeys()
    {
        EvaluationOptions.DefaultCutoffs.Select(CutoffPlan.Key).ShouldBe(["0.1", "0.2", "0.4", "0.8"]);
    }
}
