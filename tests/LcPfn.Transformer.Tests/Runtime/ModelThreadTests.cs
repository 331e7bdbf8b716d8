using LcPfn.Transformer.Runtime;
using Shouldly;

namespace LcPfn.Transformer.Tests.Runtime;

public sealed class ModelThreadTests
{
    [Fact]
    public async Task Invoke_FromManyThreads_RunsEveryCallOnTheOneThreadInTurn()
    {
        using var thread = new ModelThread("test-model", dedicated: true);
        var running = 0;
        var overlapped = false;
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => thread.Invoke(() =>
        {
            if (Interlocked.Increment(ref running) > 1) overlapped = true;
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name);
        }), TestContext.Current.CancellationToken)).ToArray();

        var seen = await Task.WhenAll(callers);

        seen.Select(s => s.CurrentManagedThreadId).Distinct().Count().ShouldBe(1);
        seen[0].Name.ShouldBe("test-model");
        seen[0].CurrentManagedThreadId.ShouldNotBe(Environment.CurrentManagedThreadId);
        overlapped.ShouldBeFalse();
    }

    [Fact]
    public void Invoke_WorkThrows_RethrowsTheSameExceptionAndKeepsServing()
    {
        using var thread = new ModelThread("test-model", dedicated: true);

        var error = Should.Throw<InvalidDataException>(() => thread.Invoke<int>(() => throw new InvalidDataException("bad run 7")));

        error.Message.ShouldBe("bad run 7");
        thread.Invoke(() => 42).ShouldBe(42);
    }

    [Fact]
    public void Invoke_AfterDispose_ThrowsObjectDisposed()
    {
        var thread = new ModelThread("test-model", dedicated: true);
        thread.Dispose();

        Should.Throw<ObjectDisposedException>(() => thread.Invoke(() => 1));
    }

    [Fact]
    public async Task Invoke_NotDedicated_RunsOnTheCallersThreadOneAtATime()
    {
        using var thread = new ModelThread("test-model", dedicated: false);
        var running = 0;
        var overlapped = false;
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var caller = Environment.CurrentManagedThreadId;
            return (Caller: caller, Ran: thread.Invoke(() =>
            {
                if (Interlocked.Increment(ref running) > 1) overlapped = true;
                Thread.Sleep(5);
                Interlocked.Decrement(ref running);
                return Environment.CurrentManagedThreadId;
            }));
        }, TestContext.Current.CancellationToken)).ToArray();

        var seen = await Task.WhenAll(callers);

        seen.ShouldAllBe(s => s.Caller == s.Ran);
        overlapped.ShouldBeFalse();
    }
}
