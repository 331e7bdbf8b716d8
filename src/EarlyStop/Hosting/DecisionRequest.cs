namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// What a decision engine needs for one report: the report, the run's observations up to and including its
/// epoch, and the study's best final value at that moment.
/// </summary>
/// <param name="Report">The report to decide.</param>
/// <param name="Epochs">The run's observed epochs up to <c>Report.Epoch</c>, strictly increasing, ending with it.</param>
/// <param name="Values">The value after each epoch, same length as <paramref name="Epochs"/>.</param>
/// <param name="StudyBest">The best final value of the study's finished runs (trainer units); null when none finished.</param>
/// <param name="StoppedBy">The decision that told the run to stop at an earlier epoch, or null: a stopped run stays stopped.</param>
public sealed record DecisionRequest(
    CurveReport Report,
    IReadOnlyList<int> Epochs,
    IReadOnlyList<double> Values,
    double? StudyBest,
    CurveDecision? StoppedBy)
{
    /// <summary>
    /// The study's runs that reached their horizon before this request was loaded (full curves, trainer units), for an
    /// engine that calibrates online (<see cref="IDecisionEngine.NeedsCompletedRuns"/>); empty otherwise.
    /// </summary>
    public IReadOnlyList<LcPfn.Prior.Data.LearningCurve> StudyCompleted { get; init; } = [];
}
