using LcPfn.EarlyStop.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>The NATS key-value store keeps a study's completed runs (online calibration) like the in-memory one.</summary>
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
}
