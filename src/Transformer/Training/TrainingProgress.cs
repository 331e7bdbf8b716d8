namespace LcPfn.Transformer.Training;

/// <summary>A progress report of the trainer (about every 2 s, and after each held-out evaluation).</summary>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Training NLL averaged over the steps since the previous report.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="CurvesPerSecond">Throughput since the previous report.</param>
/// <param name="EtaSeconds">Estimated seconds to the end.</param>
/// <param name="HeldOutNll">Held-out NLL when this report follows an evaluation, else null.</param>
/// <param name="DataWaitFraction">Share of the time since the previous report spent waiting for prior batches.</param>
public readonly record struct TrainingProgress(
    long Step, long TotalSteps, double Loss, double LearningRate, double CurvesPerSecond, double EtaSeconds, double? HeldOutNll, double DataWaitFraction);
