namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// One received report on its way through the worker, with the transport's way to answer it. Exactly one of
/// <see cref="CompleteAsync"/>, <see cref="RejectAsync"/> or <see cref="ReleaseAsync"/> is called per envelope.
/// </summary>
internal abstract class ReportEnvelope(CurveReport? report, string? rejection, long receivedTimestamp)
{
    /// <summary>The parsed, valid report; null when <see cref="Rejection"/> is set.</summary>
    public CurveReport? Report { get; private set; } = report;

    /// <summary>Replaces <see cref="Report"/> by the engine's admitted form (<see cref="IDecisionEngine.Admit"/>).</summary>
    public void Admit(CurveReport admitted) => Report = admitted;

    /// <summary>Why the message cannot be decided (malformed, missing field, NaN ...); null for a valid report.</summary>
    public string? Rejection { get; } = rejection;

    /// <summary>When it was received, from <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public long ReceivedTimestamp { get; } = receivedTimestamp;

    /// <summary>Where it came from, for logs (a subject, or <c>inproc</c>).</summary>
    public abstract string Source { get; }

    /// <summary>Delivers the decision, which is already stored, and then acknowledges the report.</summary>
    public abstract ValueTask CompleteAsync(CurveDecision decision, CancellationToken cancellationToken);

    /// <summary>Sends the message to the dead letters with <paramref name="reason"/> and acknowledges it, so it is never redelivered.</summary>
    public abstract ValueTask RejectAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Gives the report back undecided (shutdown, failure): it is not acknowledged, so it will be delivered again.</summary>
    public abstract ValueTask ReleaseAsync(CancellationToken cancellationToken);
}
