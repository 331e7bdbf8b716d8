using LcPfn.EarlyStop.State;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// What a policy may read about the other runs of the study while it decides. Implemented by
/// <see cref="StudyState"/>; read under its lock, so reads are consistent.
/// </summary>
public interface IStudyView
{
    /// <summary>How many runs reached their horizon.</summary>
    int CompletedRuns { get; }

    /// <summary>The best final value of completed runs, or null when none completed.</summary>
    double? BestCompletedFinal { get; }

    /// <summary>
    /// The best so far that run <paramref name="runId"/> is compared with, as the rule's
    /// <see cref="StopRuleOptions.BestSoFar"/> defines it (never counting the run itself); null when there is none.
    /// </summary>
    double? BestSoFar(string runId);

    /// <summary>The values every run (this one included) reported at <paramref name="epoch"/>; empty when none.</summary>
    SortedValues ValuesAt(int epoch);

    /// <summary>The running averages up to <paramref name="epoch"/> of the completed runs that reported it; empty when none.</summary>
    SortedValues CompletedRunningAveragesAt(int epoch);
}
