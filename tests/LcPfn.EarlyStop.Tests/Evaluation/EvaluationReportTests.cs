using LcPfn.EarlyStop.Evaluation;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    private static EvaluationResult Result(string method) => new(method, 2,
    [
        new CutoffMetrics(0.1, 2, 1.5, 0.01, 0.9, 0.5, 0),
        new CutoffMetrics(0.8, 2, 2.5, 0.001, 1.0, 0.5, 1),
    ], Seconds: 0.4, Requests: 4);

    [Fact]
    public void Build_ModelAndBaselines_HasTheContractFieldsKeyedByCutoff()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)]);

        var report = EvaluationReport.Build(set, Result("lcpfn"), [Result("last")]);

        report["curves"].ShouldBe(1);
        report["skipped"].ShouldBe(0);
        report["ll"].ShouldBeOfType<Dictionary<string, double>>().Keys.ShouldBe(["0.1", "0.8"]);
        ((Dictionary<string, double>)report["coverage90"]!)["0.8"].ShouldBe(1.0);
        report["seconds_per_curve"].ShouldBe(0.1);
        var baselines = report["baselines"].ShouldBeOfType<Dictionary<string, object?>>();
        var last = baselines["last"].ShouldBeOfType<Dictionary<string, object?>>();
        last.Keys.ShouldBe(["ll", "mse", "coverage90", "coverage50", "fallbacks", "seconds_per_curve", "seconds"], ignoreOrder: true);
    }

    [Fact]
    public void Build_NoModel_LeavesTheModelFieldsNull()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.2, 0.3)]);

        var report = EvaluationReport.Build(set, null, [Result("last")]);

        report["ll"].ShouldBeNull();
        report["method"].ShouldBeNull();
    }

    [Fact]
    public void WriteTable_WritesOneLinePerMethodAndCutoff()
    {
        var writer = new StringWriter();

        EvaluationReport.WriteTable(writer, [Result("last")]);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(4);
        lines[1].ShouldStartWith("last");
        lines[1].ShouldContain("1.500");
    }
}
