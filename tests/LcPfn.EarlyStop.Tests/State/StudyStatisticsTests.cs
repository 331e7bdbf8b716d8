using LcPfn.EarlyStop.State;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.State;

/// <summary>The statistics policies read, on hand-made runs whose numbers can be checked by eye.</summary>
public sealed class StudyStatisticsTests
{
    private readonly Dictionary<string, RunRecord> runs = new(StringComparer.Ordinal);

    [Fact]
    public void AddCompleted_TwoRuns_CountsBestFinalAndRunningAveragesPerEpoch()
    {
        var statistics = new StudyStatistics(new StopRuleOptions(), runs);

        statistics.AddCompleted(Run("a", RunStatus.Completed, 0.2, 0.6));
        statistics.AddCompleted(Run("b", RunStatus.Completed, 0.5, 0.5));

        statistics.CompletedRuns.ShouldBe(2);
        statistics.BestCompletedFinal.ShouldBe(0.6);
        Values(statistics.CompletedRunningAveragesAt(1)).ShouldBe([0.2, 0.5]);
        Values(statistics.CompletedRunningAveragesAt(2)).ShouldBe([0.4, 0.5]);
        statistics.CompletedRunningAveragesAt(3).Count.ShouldBe(0);
    }

    [Fact]
    public void AddCompleted_Minimize_BestIsTheLowestFinal()
    {
        var statistics = new StudyStatistics(new StopRuleOptions { Direction = MetricDirection.Minimize }, runs);

        statistics.AddCompleted(Run("a", RunStatus.Completed, 0.9, 0.3));
        statistics.AddCompleted(Run("b", RunStatus.Completed, 0.8, 0.4));

        statistics.BestCompletedFinal.ShouldBe(0.3);
    }

    [Fact]
    public void Add_ValuesOfEveryRun_AreKeptSortedPerEpoch()
    {
        var statistics = new StudyStatistics(new StopRuleOptions(), runs);

        statistics.Add(3, 0.7);
        statistics.Add(3, 0.1);
        statistics.Add(4, 0.5);

        Values(statistics.ValuesAt(3)).ShouldBe([0.1, 0.7]);
        Values(statistics.ValuesAt(4)).ShouldBe([0.5]);
        statistics.ValuesAt(1).Count.ShouldBe(0);
    }

    [Fact]
    public void BestSoFar_ConfidentPredictions_CountsOtherRunningRunsButNotTheRunItself()
    {
        var statistics = new StudyStatistics(new StopRuleOptions { BestSoFar = BestSoFarMode.CompletedAndConfidentPredictions }, runs);
        statistics.AddCompleted(Run("done", RunStatus.Completed, 0.5, 0.6));
        Run("x", RunStatus.Running, 0.3).ConfidentValue = 0.8;
        Run("y", RunStatus.Running, 0.4).ConfidentValue = 0.9;
        Run("gone", RunStatus.Stopped, 0.1).ConfidentValue = 0.99;

        statistics.BestSoFar("y").ShouldBe(0.8);
        statistics.BestSoFar("x").ShouldBe(0.9);
        statistics.BestSoFar("new").ShouldBe(0.9);
    }

    [Fact]
    public void BestSoFar_CompletedRuns_IgnoresConfidentPredictions()
    {
        var statistics = new StudyStatistics(new StopRuleOptions(), runs);
        Run("x", RunStatus.Running, 0.3).ConfidentValue = 0.8;

        statistics.BestSoFar("y").ShouldBeNull();
        statistics.AddCompleted(Run("done", RunStatus.Completed, 0.5, 0.6));
        statistics.BestSoFar("y").ShouldBe(0.6);
    }

    private RunRecord Run(string id, RunStatus status, params double[] values)
    {
        var run = new RunRecord(id, values.Length) { Status = status };
        for (int i = 0; i < values.Length; i++)
        {
            run.Epochs.Add(i + 1);
            run.Values.Add(values[i]);
        }
        runs[id] = run;
        return run;
    }

    private static double[] Values(SortedValues values) => [.. Enumerable.Range(0, values.Count).Select(i => values[i])];
}
