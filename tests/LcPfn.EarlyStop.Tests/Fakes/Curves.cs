using LcPfn.EarlyStop.State;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>Builds complete curves and feeds studies.</summary>
internal static class Curves
{
    public static LearningCurve Complete(string runId, params double[] values) =>
        new(runId, LearningCurve.DefaultStudy, values.Length, [.. Enumerable.Range(1, values.Length)], values);

    /// <summary>Reports the runs one after another, each until it stops or completes; returns every decision in order.</summary>
    public static List<StopDecision> Feed(StudyState state, params LearningCurve[] runs)
    {
        var decisions = new List<StopDecision>();
        foreach (var run in runs)
        {
            for (int i = 0; i < run.Count; i++)
            {
                var decision = state.Report(run.RunId, run.Epochs[i], run.Values[i]).Decision;
                decisions.Add(decision);
                if (decision.ShouldStop) break;
            }
        }
        return decisions;
    }

    /// <summary>The epoch each run stopped at, or its horizon when it completed.</summary>
    public static Dictionary<string, int> LastEpochs(StudyState state) => state.Runs().ToDictionary(r => r.RunId, r => r.LastEpoch);
}
