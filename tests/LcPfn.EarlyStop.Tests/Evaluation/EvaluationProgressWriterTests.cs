using LcPfn.EarlyStop.Evaluation;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationProgressWriterTests
{
    [Fact]
    public void Report_WithinTheInterval_PrintsFirstAndFinalLinesOnly()
    {
        var writer = new StringWriter();
        var progress = new EvaluationProgressWriter(writer, interval: TimeSpan.FromHours(1));

        progress.Report(new EvaluationProgress("last", 10, 40, TimeSpan.FromSeconds(1)));
        progress.Report(new EvaluationProgress("last", 20, 40, TimeSpan.FromSeconds(2)));
        progress.Report(new EvaluationProgress("last", 40, 40, TimeSpan.FromSeconds(4)));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[0].ShouldBe("eval last: 10/40 curve-cutoffs (25 %), 10.0 curves/s, ETA 3.0 s");
        lines[1].ShouldBe("eval last: 40/40 curve-cutoffs (100 %), 10.0 curves/s, done in 4.0 s");
    }
}
