using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

public sealed class RejectedCurveTests
{
    [Fact]
    public void ToString_RunIdWithLineBreakAndEscapes_StaysOneBoundedLine()
    {
        var rejected = new RejectedCurve("f.csv", "a\nX-Evil: 1\u001b[31m" + new string('z', 100), 12, 3, RejectionReasons.NanValue, "the value at epoch 3 is NaN");

        string line = rejected.ToString();

        line.ShouldNotContain("\n");
        line.ShouldNotContain("\u001b");
        line.ShouldStartWith("f.csv:12: run 'a\\u000aX-Evil: 1\\u001b[31m");
        line.ShouldEndWith("...' epoch 3: nan_value: the value at epoch 3 is NaN");
        rejected.Reason.ShouldBe("nan_value: the value at epoch 3 is NaN");
    }
}
