using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationSetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-evalset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Create_CurveWithNaNInFile_IsSkippedWithReason()
    {
        string path = Write("nan.csv", "id,e001,e002,e003,e004\na,10,20,30,40\nb,10,nan,30,40\n");
        var read = CurveFileReader.Read(path, new CurveReadOptions { Scale = 0.01 });

        var set = EvaluationSet.Create(read.Curves, rejected: read.Rejected);

        set.Curves.Select(c => c.RunId).ShouldBe(["a"]);
        var skipped = set.Skipped.ShouldHaveSingleItem();
        (skipped.File, skipped.RunId, skipped.Kind).ShouldBe((path, "b", RejectionReasons.NanValue));
        skipped.Reason.ShouldBe("nan_value: the value at epoch 2 is NaN (row 3, epoch 2)");
        set.SkippedByReason.ShouldBe(new Dictionary<string, int> { [RejectionReasons.NanValue] = 1 });
    }

    [Fact]
    public void Create_CurveWithNaNBuiltInMemory_IsSkippedWithReason()
    {
        var set = EvaluationSet.Create([TestCurves.Complete("x", 0.1, double.NaN, 0.3, 0.4)]);

        set.Curves.ShouldBeEmpty();
        set.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("nan_value: the value at epoch 2 is NaN");
    }

    [Fact]
    public void Create_PercentValues_AreKeptWithScaleAndSkippedWithout()
    {
        string path = Write("pct.csv", "id,e001,e002,e003,e004\na,50,60,70,80\n");

        var scaled = EvaluationSet.Create(CurveFileReader.Read(path, new CurveReadOptions { Scale = 0.01 }).Curves);
        var raw = EvaluationSet.Create(CurveFileReader.Read(path).Curves);

        scaled.Curves.ShouldHaveSingleItem().Values.ShouldBe([0.5, 0.6, 0.7, 0.8], tolerance: 1e-12);
        raw.Curves.ShouldBeEmpty();
        raw.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("value_out_of_bounds: the value 50 at epoch 1 is outside [0, 1] (percent data needs --scale 0.01)");
    }

    [Fact]
    public void Create_ValueJustAboveOne_IsClippedCountedAndTheInputLeftAlone()
    {
        var noisy = new LearningCurve("n", "s", 4, [1, 2, 3, 4], [0.5, 0.7, 1.004, 0.9]);
        var far = new LearningCurve("f", "s", 4, [1, 2, 3, 4], [0.5, 0.7, 1.2, 0.9]);

        var set = EvaluationSet.Create([noisy, far]);

        set.Curves.ShouldHaveSingleItem().Values.ShouldBe([0.5, 0.7, 1.0, 0.9]);
        set.ValuesClipped.ShouldBe(1);
        noisy.Values[2].ShouldBe(1.004);
        set.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("value_out_of_bounds: the value 1.2 at epoch 3 is outside [0, 1]");
    }

    [Fact]
    public void Create_IncompleteCurve_IsSkippedBecauseTheFinalEpochIsMissing()
    {
        var curve = new LearningCurve("p", "s", 10, [1, 2, 3], [0.1, 0.2, 0.3]);

        var set = EvaluationSet.Create([curve]);

        set.Skipped.ShouldHaveSingleItem().Kind.ShouldBe(EvaluationSet.FinalEpochMissing);
    }

    [Fact]
    public void Create_NoContextBeforeFirstCutoff_IsSkipped()
    {
        var curve = new LearningCurve("late", "s", 100, [50, 100], [0.1, 0.2]);

        EvaluationSet.Create([curve]).Skipped.ShouldHaveSingleItem().Kind.ShouldBe(EvaluationSet.NoContext);
    }
}
