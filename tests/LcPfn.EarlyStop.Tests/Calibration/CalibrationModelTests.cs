using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class CalibrationModelTests
{
    private static CalibrationModel Fitted()
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0.45, 0.02));
        var pairs = CalibrationFitterTests.Normals(300, 3)
            .Select((z, i) => new CalibrationPair($"r{i}", i % 2 == 0 ? 0.1 : 0.8, sketch, 0.5 + 0.1 * z)).ToList();
        return CalibrationFitter.Fit(pairs, source: "past.csv");
    }

    [Fact]
    public void ToJsonFromJson_RoundTrip_GivesTheSameForecasts()
    {
        var model = Fitted();
        var json = model.ToJson();
        var back = CalibrationModel.FromJson(json);
        var raw = new NormalDistribution(0.45, 0.02);

        back.Source.ShouldBe("past.csv");
        back.Runs.ShouldBe(300);
        foreach (double f in new[] { 0.05, 0.1, 0.4, 0.8 })
            foreach (double p in new[] { 0.05, 0.5, 0.95 })
                back.Apply(raw, f).Quantile(p).ShouldBe(model.Apply(raw, f).Quantile(p), 1e-12);
        json.Length.ShouldBeLessThan(50_000); // 7 bins of at most 64 knots, indented
    }

    [Fact]
    public void SaveLoad_InAModelFolder_UsesCalibrationJson()
    {
        string dir = Directory.CreateTempSubdirectory("lcpfn-cal").FullName;
        try
        {
            Fitted().Save(dir);
            File.Exists(Path.Combine(dir, CalibrationModel.FileName)).ShouldBeTrue();
            CalibrationModel.Load(dir).Pairs.ShouldBe(300);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FromJson_OtherFormatVersion_Throws()
    {
        var json = Fitted().ToJson().Replace("\"formatVersion\": 1", "\"formatVersion\": 7", StringComparison.Ordinal);

        Should.Throw<InvalidInputException>(() => CalibrationModel.FromJson(json)).Message.ShouldContain("format version 7");
    }

    [Fact]
    public void FromJson_DecreasingKnots_Throws()
    {
        var model = new CalibrationModel { Bins = [new CalibrationBin { KnotLevels = [0.5, 0.4], KnotFrequencies = [0.3, 0.6] }] };

        Should.Throw<InvalidInputException>(() => CalibrationModel.FromJson(model.ToJson()));
    }

    [Fact]
    public void Identity_AppliesNothing()
    {
        var raw = new NormalDistribution(0.3, 0.1);

        CalibrationModel.Identity.Apply(raw, 0.5).ShouldBeSameAs(raw);
        CalibrationModel.Identity.Describe().ShouldBe("identity (identity)");
    }
}
