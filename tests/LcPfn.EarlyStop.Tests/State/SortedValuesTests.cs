using LcPfn.EarlyStop.State;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.State;

public sealed class SortedValuesTests
{
    [Fact]
    public void Percentile_HandComputed_InterpolatesLikeNumpy()
    {
        var values = new SortedValues();
        foreach (double v in new[] { 4.0, 1.0, 3.0, 2.0 }) values.Add(v);

        values[0].ShouldBe(1.0);
        values[3].ShouldBe(4.0);
        values.Percentile(50).ShouldBe(2.5);
        values.Percentile(25).ShouldBe(1.75);
        values.Percentile(100).ShouldBe(4.0);
    }

    [Fact]
    public void Percentile_Empty_Throws()
    {
        Should.Throw<InvalidOperationException>(() => new SortedValues().Percentile(50));
    }
}
