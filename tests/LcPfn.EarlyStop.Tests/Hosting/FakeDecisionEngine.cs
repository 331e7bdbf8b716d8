using LcPfn.EarlyStop.Hosting;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// A deterministic stand-in for the early-stopping core: stop when the last value is below the value two
/// observations earlier (or the run was stopped before). Counts its calls and can block or be slowed.
/// </summary>
internal sealed class FakeDecisionEngine : IDecisionEngine
{
    private int _calls;
    private int _requests;

    /// <summary>Held before every call when set: the test releases it to let the engine run.</summary>
    public SemaphoreSlim? Gate { get; init; }

    /// <summary>Signalled when a call starts.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A pause per call (a slow model).</summary>
    public TimeSpan DelayPerCall { get; init; }

    /// <summary>Written once per call, when set (the child process prints its work on stdout).</summary>
    public Action<int>? OnBatch { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _requests, requests.Count);
        Entered.TrySetResult();
        Gate?.Wait(cancellationToken);
        if (DelayPerCall > TimeSpan.Zero) Thread.Sleep(DelayPerCall);
        OnBatch?.Invoke(requests.Count);
        return requests.Select(Decide).ToList();
    }

    public static CurveDecision Decide(DecisionRequest r)
    {
        var report = r.Report;
        if (r.StoppedBy is { } at)
            return new CurveDecision(report.Study, report.RunId, report.Epoch, true, $"already stopped at epoch {at.Epoch}", 0, r.StudyBest);
        var v = r.Values;
        var sign = report.Direction == MetricDirection.Minimize ? -1 : 1;
        var stop = v.Count >= 3 && sign * v[^1] < sign * v[^3];
        var p = Math.Round(v.Count / (double)(v.Count + 1), 6);
        return new CurveDecision(report.Study, report.RunId, report.Epoch, stop,
            stop ? $"no improvement over 2 epochs ({v.Count} observed)" : $"improving ({v.Count} observed)", p, r.StudyBest);
    }
}
