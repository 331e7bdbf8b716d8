namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The service's answer to one <see cref="CurveReport"/>: stop the run now or let it continue. The same
/// (study, run, epoch) always gets the same decision, also after a redelivery.
/// </summary>
/// <param name="Study">The report's study.</param>
/// <param name="RunId">The report's run.</param>
/// <param name="Epoch">The report's epoch.</param>
/// <param name="Stop">True when the run should stop training now.</param>
/// <param name="Reason">Why, in a few words (for logs and for the trainer).</param>
/// <param name="ProbabilityOfImprovement">P(final value beats the study's best), when it was computed; in [0, 1].</param>
/// <param name="StudyBest">The study's best final value the decision was taken against, in the trainer's units; null when no run had finished.</param>
/// <param name="PredictedMedian">The predicted median of the run's final value, in the trainer's units, when a forecast was made.</param>
public sealed record CurveDecision(
    string Study,
    string RunId,
    int Epoch,
    bool Stop,
    string Reason,
    double? ProbabilityOfImprovement = null,
    double? StudyBest = null,
    double? PredictedMedian = null);
