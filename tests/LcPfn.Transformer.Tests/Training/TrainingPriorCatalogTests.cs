using LcPfn.Prior;
using LcPfn.Transformer.Training;
using Shouldly;

namespace LcPfn.Transformer.Tests.Training;

public sealed class TrainingPriorCatalogTests
{
    [Fact]
    public void Create_ScheduleMixture_SetsTheSharesItNamesAndKeepsTheOthers()
    {
        var prior = TrainingPriorCatalog.Create("schedules", new ScheduleMixture(0.8, null)).Describe()!;
        prior["lc_pfn_share"]!.GetValue<double>().ShouldBe(0.8);
        prior["hidden_schedule_share"]!.GetValue<double>().ShouldBe(0.25);
        TrainingPriorCatalog.Create("schedules").Describe()!["lc_pfn_share"]!.GetValue<double>().ShouldBe(0.3);
    }

    [Fact]
    public void Create_AllLcPfnCurves_EveryMultiplierUnknown_NoneHidden_EveryMultiplierKnown()
    {
        var lcPfnOnly = TrainingPriorCatalog.Create("schedules", new ScheduleMixture(1, null)).SampleBatch(7, 0, 64);
        lcPfnOnly.Multipliers!.ShouldAllBe(m => float.IsNaN(m));

        var told = TrainingPriorCatalog.Create("schedules", new ScheduleMixture(0, 0)).SampleBatch(7, 0, 64);
        told.Multipliers!.ShouldAllBe(m => float.IsFinite(m));
    }

    [Fact]
    public void Create_MixtureForAnLcPfnPresetOrOutOfRange_ClearError()
    {
        Should.Throw<InvalidInputException>(() => TrainingPriorCatalog.Create("default", new ScheduleMixture(0.5, null)))
            .Message.ShouldContain("'schedules' prior only");
        Should.Throw<InvalidInputException>(() => TrainingPriorCatalog.Create("schedules", new ScheduleMixture(null, 1.5)))
            .Message.ShouldContain("HiddenScheduleShare");
        TrainingPriorCatalog.Create("default", new ScheduleMixture(null, null)).Describe()!.AsObject().ContainsKey("lc_pfn_share").ShouldBeFalse();
    }
}
