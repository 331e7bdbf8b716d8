using LcPfn.EarlyStop.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// The NATS key-value store keeps a study's completed runs (online calibration) like the in-memory one, and its cache
/// of run states never lets a stale state be written.
/// </summary>
public sealed class NatsRunStateStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddStudyCompletedAsync_TwiceAndFromTwoStores_KeepsEachRunOnceInOrder()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = NatsTestServer.Url });
        var kv = new NatsKVContext(new NatsJSContext(connection));
        var bucket = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig($"calib{Guid.NewGuid():N}") { History = 1 }, Ct);
        var a = new NatsRunStateStore(bucket);
        var b = new NatsRunStateStore(bucket);

        (await a.GetStudyCompletedAsync("study one", Ct)).ShouldBeEmpty();
        await a.AddStudyCompletedAsync("study one", "r1", Ct);
        await b.AddStudyCompletedAsync("study one", "r2", Ct);
        await a.AddStudyCompletedAsync("study one", "r1", Ct);

        (await b.GetStudyCompletedAsync("study one", Ct)).ShouldBe(["r1", "r2"]);
        (await a.GetStudyCompletedAsync("other", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TryPutRunAsync_TrustedCacheMadeStaleByAnotherReplica_LosesTheCompareAndSetAndReadsTheBucketAgain()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = NatsTestServer.Url });
        var kv = new NatsKVContext(new NatsJSContext(connection));
        var bucket = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig($"cache{Guid.NewGuid():N}") { History = 1 }, Ct);
        var cache = new RunStateCache();
        var a = new NatsRunStateStore(bucket, cache);
        var b = new NatsRunStateStore(bucket);
        var first = new CurveReport("s", "r", 1, 0.5, 10);
        var second = new CurveReport("s", "r", 2, 0.6, 10);
        (await a.TryPutRunAsync(RunState.Empty(first).With(first, new CurveDecision("s", "r", 1, false, "improving")), 0, Ct)).ShouldBeTrue();
        for (var i = 0; i < RunStateCache.Window; i++) await a.GetRunAsync("s", "r", Ct);
        cache.Trusted.ShouldBeTrue("every read matched what this store wrote");

        var (current, revision) = await b.GetRunAsync("s", "r", Ct);
        var theirs = new CurveDecision("s", "r", 2, true, "decided by the other replica");
        (await b.TryPutRunAsync(current!.With(second, theirs), revision, Ct)).ShouldBeTrue();
        var (stale, staleRevision) = await a.GetRunAsync("s", "r", Ct);
        stale!.Epochs.ShouldBe([1], "the trusted entry does not know the other replica's write");

        (await a.TryPutRunAsync(stale.With(second, new CurveDecision("s", "r", 2, false, "mine")), staleRevision, Ct)).ShouldBeFalse();
        var (fresh, _) = await a.GetRunAsync("s", "r", Ct);
        fresh!.Epochs.ShouldBe([1, 2]);
        fresh.DecisionFor(2).ShouldBe(theirs);
    }
}
