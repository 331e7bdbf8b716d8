using LcPfn.EarlyStop.Hosting;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>An in-memory report envelope that records the decision it is completed with; rejecting or releasing it fails the test.</summary>
internal sealed class RecordingEnvelope(CurveReport report) : ReportEnvelope(report, null, 0)
{
    public CurveDecision? Completed { get; private set; }

    /// <summary>How many times the envelope was completed (exactly once when all is well).</summary>
    public int Completions { get; private set; }

    public override string Source => "test";

    public override ValueTask CompleteAsync(CurveDecision decision, CancellationToken cancellationToken)
    {
        Completed = decision;
        Completions++;
        return ValueTask.CompletedTask;
    }

    public override ValueTask RejectAsync(string reason, CancellationToken cancellationToken) => throw new InvalidOperationException(reason);

    public override ValueTask ReleaseAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("released");
}
