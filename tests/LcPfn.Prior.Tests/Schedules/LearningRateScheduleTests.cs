using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.Prior.Tests.Schedules;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData("constant")]
    [InlineData("cosine")]
    [InlineData("cosine-warmup:5")]
    [InlineData("linear")]
    [InlineData("linear-warmup:2.5")]
    [InlineData("step:30,60")]
    [InlineData("step:10,20,40@0.5")]
    [InlineData("one-cycle")]
    [InlineData("one-cycle:12")]
    public void Parse_ThenToString_RoundTrips(string text)
    {
        var schedule = LearningRateSchedule.Parse(text);
        schedule.ToString().ShouldBe(text);
        LearningRateSchedule.Parse(schedule.ToString()).ShouldBe(schedule);
    }

    [Fact]
    public void Cosine_OverHorizon_FallsFromOneToZero()
    {
        var cosine = LearningRateSchedule.Cosine;
        cosine.At(0, 100).ShouldBe(1, 1e-12);
        cosine.At(50, 100).ShouldBe(0.5, 1e-12);
        cosine.At(100, 100).ShouldBe(0, 1e-12);
        cosine.MultiplierOfEpoch(1, 100).ShouldBe(0.5 * (1 + Math.Cos(Math.PI * 0.5 / 100)), 1e-12);
    }

    [Fact]
    public void Warmup_RisesLinearlyToThePeakThenDecays()
    {
        var s = LearningRateSchedule.LinearWarmup(10);
        s.At(5, 110).ShouldBe(0.5, 1e-12);
        s.At(10, 110).ShouldBe(1, 1e-12);
        s.At(60, 110).ShouldBe(0.5, 1e-12);
        LearningRateSchedule.CosineWarmup(10).At(60, 110).ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void Step_MultipliesAfterEachMilestone()
    {
        var s = LearningRateSchedule.Parse("step:30,60");
        s.MultiplierOfEpoch(30, 100).ShouldBe(1);    // epoch 30 runs before the first decay
        s.MultiplierOfEpoch(31, 100).ShouldBe(0.1, 1e-12);
        s.MultiplierOfEpoch(61, 100).ShouldBe(0.01, 1e-12);
        LearningRateSchedule.Parse("step:60,30@0.5").MultiplierOfEpoch(61, 100).ShouldBe(0.25, 1e-12);
    }

    [Fact]
    public void OneCycle_StartsLowPeaksAtTheWarmupAndEndsNearZero()
    {
        var s = LearningRateSchedule.OneCycle(30);
        s.At(0, 100).ShouldBe(LearningRateSchedule.OneCycleStart, 1e-12);
        s.At(30, 100).ShouldBe(1, 1e-12);
        s.At(100, 100).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void FromMultipliers_NormalisesToThePeakAndNamesTheBadEpoch()
    {
        var s = LearningRateSchedule.FromMultipliers([0.2, 0.1, 0.05]);
        s.MultiplierOfEpoch(1, 3).ShouldBe(1);
        s.MultiplierOfEpoch(3, 3).ShouldBe(0.25, 1e-12);
        Should.Throw<InvalidInputException>(() => s.MultiplierOfEpoch(4, 4)).Message.ShouldContain("epoch 4");
        Should.Throw<InvalidInputException>(() => LearningRateSchedule.FromMultipliers([0.1, double.NaN])).Message.ShouldContain("epoch 2");
        Should.Throw<InvalidInputException>(() => LearningRateSchedule.FromMultipliers([0, 0]));
    }

    [Theory]
    [InlineData("cosinus")]
    [InlineData("cosine-warmup")]
    [InlineData("cosine-warmup:-3")]
    [InlineData("step:")]
    [InlineData("step:10@2")]
    [InlineData("linear:4")]
    public void Parse_BadText_SaysWhatIsAccepted(string text)
    {
        var ex = Should.Throw<InvalidInputException>(() => LearningRateSchedule.Parse(text));
        ex.Message.ShouldContain("is not a learning-rate schedule");
        ex.Message.ShouldContain("cosine-warmup:W");
    }

    [Fact]
    public void Resolve_FileOfMultipliers_ReadsOnePerEpoch_AndRefusesFilesForUntrustedText()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lcpfn-schedule-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "# lr per epoch\n0.1\n0.1, 0.05\n0.01\n");
        try
        {
            var s = ScheduleText.Resolve(path)!;
            s.Kind.ShouldBe(ScheduleKind.Explicit);
            s.ExplicitMultipliers.ShouldBe([1, 1, 0.5, 0.1], tolerance: 1e-12);
            Should.Throw<InvalidInputException>(() => ScheduleText.Resolve(path, allowFiles: false));
            File.WriteAllText(path, "0.1\nabc\n");
            Should.Throw<InvalidInputException>(() => ScheduleText.Resolve(path)).Message.ShouldContain("line 2");
        }
        finally
        {
            File.Delete(path);
        }
        ScheduleText.Resolve("  ").ShouldBeNull();
    }
}
