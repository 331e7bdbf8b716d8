namespace LcPfn.EarlyStop.Evaluation;

/// <summary>One method's evaluation over a whole <see cref="EvaluationSet"/>.</summary>
/// <param name="Method">The extrapolator's name (<c>lcpfn</c>, <c>last</c>, <c>powerlaw</c>).</param>
/// <param name="Curves">Curves scored (the same at every cutoff).</param>
/// <param name="Cutoffs">Scores per cutoff fraction, in increasing order.</param>
/// <param name="Seconds">Wall-clock seconds of all its extrapolation calls together.</param>
/// <param name="Requests">Requests made: curves × cutoffs.</param>
public sealed record EvaluationResult(string Method, int Curves, IReadOnlyList<CutoffMetrics> Cutoffs, double Seconds, long Requests)
{
    /// <summary>Wall-clock seconds per request (one curve at one cutoff), threads and batching included; 0 when none.</summary>
    public double SecondsPerCurve => Requests == 0 ? 0 : Seconds / Requests;

    /// <summary>Fallbacks over all cutoffs.</summary>
    public long Fallbacks => Cutoffs.Sum(c => c.Fallbacks);
}
