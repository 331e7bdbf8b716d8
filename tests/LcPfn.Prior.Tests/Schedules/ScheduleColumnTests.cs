using LcPfn.Prior.Data;
using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.Prior.Tests.Schedules;

public sealed class ScheduleColumnTests
{
    [Fact]
    public void CurveTable_ScheduleColumn_WinsOverTheDefaultPerRun()
    {
        const string csv = "run_id,epoch,value,schedule\na,1,0.1,cosine\na,2,0.2,cosine\nb,1,0.3,\nb,2,0.4,\n";
        var result = CurveTableReader.ReadCsv(new StringReader(csv), "t.csv", new CurveReadOptions { Schedule = LearningRateSchedule.Linear });
        result.Curves.Single(c => c.RunId == "a").Schedule.ShouldBe(LearningRateSchedule.Cosine);
        result.Curves.Single(c => c.RunId == "b").Schedule.ShouldBe(LearningRateSchedule.Linear);
    }

    [Fact]
    public void CurveTable_BadOrInconsistentSchedule_RejectsOnlyThatRun()
    {
        const string csv = "run_id,epoch,value,schedule\na,1,0.1,cosinus\na,2,0.2,cosinus\nb,1,0.3,cosine\nb,2,0.4,linear\nc,1,0.5,step:3\nc,2,0.6,step:3\n";
        var result = CurveTableReader.ReadCsv(new StringReader(csv), "t.csv");
        result.Curves.Select(c => c.RunId).ShouldBe(["c"]);
        result.Curves[0].Schedule!.ToString().ShouldBe("step:3");
        result.Rejected.Select(r => r.RunId).Order().ShouldBe(["a", "b"]);
        result.Rejected.ShouldAllBe(r => r.Code == RejectionReasons.InvalidSchedule);
    }

    [Fact]
    public void WideCsv_ScheduleColumn_IsReadPerRow()
    {
        const string csv = "arch_id,schedule,e001,e002\n1,cosine-warmup:1,0.1,0.2\n2,,0.3,0.4\n";
        var result = WideCsvCurveReader.Read(new StringReader(csv), "w.csv");
        result.Curves.Single(c => c.RunId == "1").Schedule.ShouldBe(LearningRateSchedule.CosineWarmup(1));
        result.Curves.Single(c => c.RunId == "2").Schedule.ShouldBeNull();
    }
}
