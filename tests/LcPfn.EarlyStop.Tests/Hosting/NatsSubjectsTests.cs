using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class NatsSubjectsTests
{
    [Fact]
    public void Report_StudyAndRun_FollowTheDocumentedSubject()
    {
        var subjects = new NatsSubjects("lcpfn");

        subjects.Report("cifar", "run7").ShouldBe("lcpfn.reports.cifar.run7");
        subjects.Decision("cifar", "run7").ShouldBe("lcpfn.decisions.cifar.run7");
        subjects.DeadLetter.ShouldBe("lcpfn.deadletter.reports");
    }

    [Theory]
    [InlineData("run-7_a", "run-7_a")]
    [InlineData("lr=0,01:é", "lr=3D0=2C01=3A=C3=A9")]
    public void EscapeKey_AnyId_GivesAValidDistinctKey(string id, string expected)
    {
        NatsSubjects.EscapeKey(id).ShouldBe(expected);
    }
}
