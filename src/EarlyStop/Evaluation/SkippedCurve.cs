namespace LcPfn.EarlyStop.Evaluation;

/// <summary>A curve left out of an evaluation, with why; reported, never silently dropped.</summary>
/// <param name="File">The file it came from, when it came from one.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="Reason">Why, starting with a fixed phrase (a reader's rejection phrase, or one of <see cref="EvaluationSet"/>'s).</param>
public sealed record SkippedCurve(string? File, string RunId, string Reason)
{
    /// <summary>The fixed phrase the reason starts with (the text before the first colon).</summary>
    public string Kind => Reason.Split(':', 2)[0];

    /// <inheritdoc />
    public override string ToString() => File is null ? $"run '{RunId}': {Reason}" : $"{File}: run '{RunId}': {Reason}";
}
