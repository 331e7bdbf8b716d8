using LcPfn.EarlyStop.CurveSources;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.CurveSources;

public sealed class RunFilterTests
{
    [Fact]
    public void TryAdd_SortedNumericIds_NeverAlarmsEvenWhenFull()
    {
        var filter = new RunFilter(bitCount: 64); // saturates at once: only the sortedness shortcut can answer
        for (var i = 0; i < 10_000; i++) filter.TryAdd("s", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();
    }

    [Fact]
    public void TryAdd_RunComesBack_Alarms()
    {
        var filter = new RunFilter(bitCount: 1 << 16);
        filter.TryAdd("s", "b").ShouldBeTrue();
        filter.TryAdd("s", "a").ShouldBeTrue();
        filter.TryAdd("s", "b").ShouldBeFalse();
    }

    [Fact]
    public void TryAdd_SameIdOtherStudy_IsNew()
    {
        var filter = new RunFilter(bitCount: 1 << 16);
        filter.TryAdd("z", "1").ShouldBeTrue();
        filter.TryAdd("a", "1").ShouldBeTrue();
    }
}
