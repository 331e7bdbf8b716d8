using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationRunnerTests
{
    [Fact]
    public void Run_MostCurvesInPercent_ThrowsWithTheScaleHint()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("a", 10, 20, 30), TestCurves.Complete("b", 10, 20, 30), TestCurves.Complete("c", 0.1, 0.2, 0.3)]);

        Should.Throw<InvalidInputException>(() => EvaluationRunner.Run(set, null, ["last"], new CurveEvaluator(), TestContext.Current.CancellationToken))
            .Message.ShouldContain("--scale 0.01");
    }

    [Fact]
    public void Run_Baselines_ScoresEachOnTheSameCurves()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.2, 0.3, 0.35, 0.4, 0.42, 0.44, 0.45, 0.46, 0.47)]);

        var run = EvaluationRunner.Run(set, null, ["last", "powerlaw"], new CurveEvaluator(), TestContext.Current.CancellationToken);

        run.Model.ShouldBeNull();
        run.All.Select(r => (r.Method, r.Curves)).ShouldBe([("last", 1), ("powerlaw", 1)]);
    }

    [Fact]
    public void Run_NothingToEvaluate_Throws()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.2, 0.3)]);

        Should.Throw<InvalidInputException>(() => EvaluationRunner.Run(set, null, [], new CurveEvaluator(), TestContext.Current.CancellationToken));
    }
}
