using LcPfn.Prior;
using Shouldly;

namespace LcPfn.Cli.Tests;

public sealed class CliErrorsTests
{
    [Fact]
    public void FirstCause_NestedAggregateFromParallelWork_IsTheBadInputInside()
    {
        var bad = new InvalidInputException("run 'r3', epoch 7: value 140 is above the upper bound 100");
        var nested = new AggregateException(new AggregateException(bad), new InvalidOperationException("second"));

        var cause = CliErrors.FirstCause(nested);

        cause.ShouldBeSameAs(bad);
        CliErrors.IsBadInput(cause).ShouldBeTrue();
        CliErrors.IsBadInput(nested).ShouldBeFalse("the aggregate itself would exit 1 with 'One or more errors occurred'");
    }
}
