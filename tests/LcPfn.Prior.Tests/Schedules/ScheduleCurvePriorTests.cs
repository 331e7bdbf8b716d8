using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.Prior.Tests.Schedules;

public sealed class ScheduleCurvePriorTests(ITestOutputHelper output)
{
    private const int Curves = 8_000;

    [Fact]
    public void Sample_DefaultOptions_HasTheScheduleShapes()
    {
        var options = new ScheduleCurvePriorOptions();
        var checks = ScheduleShapeChecks.Measure(new ScheduleCurvePrior(options), 7, Curves);
        output.WriteLine(checks.ToString());
        checks.Problems(options).ShouldBeEmpty();
    }

    [Fact]
    public void Sample_WithoutAnnealingTerm_FailsTheAnnealingCheck()
    {
        var options = new ScheduleCurvePriorOptions { AnnealShare = new(0, 0), TimeScale = new(0.3, 3) };
        var problems = ScheduleShapeChecks.Measure(new ScheduleCurvePrior(options), 7, Curves).Problems(options);
        problems.ShouldContain(p => p.Contains("annealing jump"));
    }

    [Fact]
    public void Sample_WithHomoscedasticNoise_FailsTheNoiseCheck()
    {
        var options = new ScheduleCurvePriorOptions { NoiseFloor = new(1, 1) };
        var problems = ScheduleShapeChecks.Measure(new ScheduleCurvePrior(options), 7, Curves).Problems(options);
        problems.ShouldContain(p => p.Contains("noise does not follow"));
    }

    [Fact]
    public void Sample_AllLcPfn_HasNoKnownSchedules()
    {
        var prior = new ScheduleCurvePrior(new ScheduleCurvePriorOptions { LcPfnShare = 1 });
        var y = new float[200 * 100];
        var m = new float[200 * 100];
        prior.Sample(3, 0, 200, y, m);
        m.ShouldAllBe(v => float.IsNaN(v));
        var plain = new float[200 * 100];
        new CurvePrior(CurvePriorOptions.Default).Sample(3, 0, 200, plain);
        y.ShouldBe(plain); // the LC-PFN component is exactly the LC-PFN prior's curve i
    }

    [Fact]
    public void SampleParallel_AnyThreadCount_IsBitIdenticalToSample()
    {
        var prior = new ScheduleCurvePrior(new ScheduleCurvePriorOptions());
        const int n = 1_000;
        var y1 = new float[n * 100];
        var m1 = new float[n * 100];
        prior.Sample(11, 500, n, y1, m1);
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var y = new float[n * 100];
            var m = new float[n * 100];
            prior.SampleParallel(11, 500, n, y, m, threads);
            y.ShouldBe(y1);
            m.AsSpan().SequenceEqual(m1).ShouldBeTrue(); // NaN-aware bitwise comparison
        }
    }

    [Fact]
    public void Sample_KnownSchedule_MultipliersAreTheSchedulesAtEpochMidpoints()
    {
        var prior = new ScheduleCurvePrior(new ScheduleCurvePriorOptions { LcPfnShare = 0, HiddenScheduleShare = 0 });
        const int n = 300;
        var y = new float[n * 100];
        var m = new float[n * 100];
        var draws = new ScheduleDraw[n];
        prior.Sample(5, 0, n, y, m, draws);
        for (int c = 0; c < n; c++)
        {
            var d = draws[c];
            d.Schedule.ShouldNotBeNull();
            for (int e = 1; e <= 100; e += 9)
                m[c * 100 + e - 1].ShouldBe((float)d.Schedule.At(e - 0.5, 100 * d.HorizonRatio), 1e-6f);
        }
        draws.Select(d => d.Schedule!.Kind).Distinct().Count().ShouldBe(7);
    }

    [Fact]
    public void Options_OutOfRange_ListsEveryProblem()
    {
        var options = new ScheduleCurvePriorOptions { LcPfnShare = 2, Exponent = new(2, 1), KindWeights = [1, 2] };
        var problems = options.GetProblems();
        problems.Count.ShouldBe(3);
        Should.Throw<InvalidInputException>(() => new ScheduleCurvePrior(options)).Message.ShouldContain("LcPfnShare");
    }
}
