using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Policies;

/// <summary>Everything a policy decides from: the run, the study, the schedule, and the run's forecast if one was made.</summary>
/// <param name="Run">The run, its latest epoch being the decision epoch.</param>
/// <param name="Study">The other runs of the study.</param>
/// <param name="CheckDue">Whether the shared schedule (<see cref="StopRule.IsCheckDue"/>) has a check at this epoch.</param>
/// <param name="Forecast">The predictive distribution of the run's final value in metric units, made by
/// <see cref="IStoppingPolicy.Forecast"/> when the policy uses forecasts and a check is due; otherwise null.</param>
public sealed record StoppingContext(RunView Run, IStudyView Study, bool CheckDue, IPredictiveDistribution? Forecast);
