using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

public sealed class CurveRulesTests
{
    [Theory]
    [InlineData(0, null, 0.5, RejectionReasons.EpochOutOfRange, "epoch 0 is below 1 (epochs are 1-based)")]
    [InlineData(3, 3, 0.5, RejectionReasons.DuplicateEpoch, "epoch 3 appears twice")]
    [InlineData(2, 3, 0.5, RejectionReasons.UnorderedEpochs, "epoch 2 comes after epoch 3")]
    [InlineData(4, 3, double.NaN, RejectionReasons.NanValue, "the value at epoch 4 is NaN")]
    [InlineData(4, 3, double.NegativeInfinity, RejectionReasons.InfiniteValue, "the value at epoch 4 is -inf")]
    public void CheckObservation_EachBrokenRule_GivesItsCodeAndDetail(int epoch, int? previous, double value, string code, string detail)
    {
        var problem = CurveRules.CheckObservation(epoch, previous, value).ShouldNotBeNull();

        (problem.Code, problem.Detail).ShouldBe((code, detail));
    }

    [Fact]
    public void CheckObservation_EpochChecksComeBeforeTheValue()
    {
        CurveRules.CheckObservation(2, 2, double.NaN)!.Value.Code.ShouldBe(RejectionReasons.DuplicateEpoch);
        CurveRules.CheckObservation(4, 3, 0.7).ShouldBeNull();
    }

    [Fact]
    public void CheckHorizon_EpochBeyondIt_NamesTheFirstSuchEpoch()
    {
        var problem = CurveRules.CheckHorizon(3, [1, 2, 4, 5]).ShouldNotBeNull();

        (problem.Code, problem.Detail, problem.Index).ShouldBe((RejectionReasons.EpochOutOfRange, "epoch 4 is beyond the horizon 3", (int?)2));
        CurveRules.CheckHorizon(5, [1, 2, 4, 5]).ShouldBeNull();
    }

    [Fact]
    public void CheckHorizon_BeyondTheLimit_IsInvalidHorizon()
    {
        var problem = CurveRules.CheckHorizon(HorizonLimit.Max + 1, [1, 2]).ShouldNotBeNull();

        problem.Code.ShouldBe(RejectionReasons.InvalidHorizon);
        CurveRules.CheckHorizon(0, []).ShouldNotBeNull().Code.ShouldBe(RejectionReasons.InvalidHorizon);
    }
}
