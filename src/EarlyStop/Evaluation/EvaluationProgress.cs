namespace LcPfn.EarlyStop.Evaluation;

/// <summary>Where an evaluation stands, reported after every batch.</summary>
/// <param name="Method">The method being evaluated.</param>
/// <param name="Done">Requests finished so far.</param>
/// <param name="Total">Requests in all (curves × cutoffs).</param>
/// <param name="Elapsed">Time since the method started.</param>
public readonly record struct EvaluationProgress(string Method, long Done, long Total, TimeSpan Elapsed)
{
    /// <summary>Requests per second so far (0 before the first finishes).</summary>
    public double RequestsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the current rate; null before the first request finishes.</summary>
    public TimeSpan? EstimatedRemaining => Done > 0 && Elapsed > TimeSpan.Zero
        ? TimeSpan.FromSeconds((Total - Done) / RequestsPerSecond)
        : null;
}
