using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class RunStateCacheTests
{
    private static RunState State(string run, int epochs)
    {
        var state = RunState.Empty(new CurveReport("s", run, 1, 0.5, 10));
        for (var e = 1; e <= epochs; e++)
        {
            var report = new CurveReport("s", run, e, 0.1 * e, 10);
            state = state.With(report, new CurveDecision("s", run, e, false, "improving"));
        }
        return state;
    }

    [Fact]
    public void TryGetTrusted_BeforeAWindowOfReadsConfirmedIt_IsFalse()
    {
        var cache = new RunStateCache();
        cache.Put("r", State("r", 1), 1);

        cache.TryGetTrusted("r", out _).ShouldBeFalse("a new cache proves itself against the bucket first");
        cache.Match("r", 1)!.Epochs.ShouldBe([1]);
        cache.Match("r", 2).ShouldBeNull("another revision is not this entry");
    }

    [Fact]
    public void TryGetTrusted_AfterAWindowOfMatchingReads_ReturnsTheEntryWithItsRevision()
    {
        var cache = new RunStateCache();
        var state = State("r", 3);
        cache.Put("r", state, 7);
        for (var i = 0; i < RunStateCache.Window; i++) cache.Match("r", 7);

        cache.Trusted.ShouldBeTrue();
        cache.TryGetTrusted("r", out var entry).ShouldBeTrue();
        entry.Value.ShouldBeSameAs(state);
        entry.Revision.ShouldBe(7UL);
        cache.TryGetTrusted("unknown", out _).ShouldBeFalse();
    }

    [Fact]
    public void Conflict_OnTrustedEntriesOften_DropsThemAndStopsTrusting()
    {
        var cache = new RunStateCache();
        cache.Put("r", State("r", 1), 1);
        for (var i = 0; i < RunStateCache.Window; i++) cache.Match("r", 1);
        cache.Trusted.ShouldBeTrue();

        // A replica that shares its runs with another: half the entries it trusts turn out stale.
        for (var i = 0; i < RunStateCache.Window; i++)
        {
            cache.Put($"k{i}", State("k", 1), 1);
            if (cache.TryGetTrusted($"k{i}", out _) && i % 2 == 0) cache.Conflict($"k{i}");
        }

        cache.Trusted.ShouldBeFalse();
        cache.TryGetTrusted("k1", out _).ShouldBeFalse("untrusted: every state is read from the bucket again");
        cache.Match("k0", 1).ShouldBeNull("a lost compare-and-set drops the entry");
        cache.Match("k1", 1).ShouldNotBeNull("an entry still spares parsing when its revision is unchanged");
    }

    [Fact]
    public void Put_AtCapacity_StartsOverSoMemoryStaysBounded()
    {
        var cache = new RunStateCache(capacity: 3);
        foreach (var run in new[] { "a", "b", "c" }) cache.Put(run, State(run, 1), 1);
        cache.Put("b", State("b", 2), 2);
        cache.Count.ShouldBe(3, "replacing an entry does not count against the capacity");

        cache.Put("d", State("d", 1), 1);

        cache.Count.ShouldBe(1);
        cache.Match("d", 1).ShouldNotBeNull();
        cache.Match("a", 1).ShouldBeNull();
        Should.Throw<ArgumentOutOfRangeException>(() => new RunStateCache(capacity: 0));
    }
}
