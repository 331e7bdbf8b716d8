using LcPfn.EarlyStop.Calibration;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class IsotonicRegressionTests
{
    [Fact]
    public void Fit_OneViolation_PoolsTheTwoValues()
    {
        IsotonicRegression.Fit([1, 3, 2, 4]).ShouldBe([1, 2.5, 2.5, 4]);
    }

    [Fact]
    public void Fit_ViolationAcrossBlocks_PoolsBackwardsWithWeights()
    {
        // 5 then 1 (weight 3) pool to 2; then 0 pools with them: (5 + 3 + 0) / 5 = 1.6.
        IsotonicRegression.Fit([5, 1, 0], [1, 3, 1]).ShouldBe([1.6, 1.6, 1.6], 1e-12);
    }

    [Fact]
    public void Fit_AlreadyMonotone_Unchanged()
    {
        IsotonicRegression.Fit([0.1, 0.2, 0.2, 0.9]).ShouldBe([0.1, 0.2, 0.2, 0.9]);
    }
}
