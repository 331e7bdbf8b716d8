using LcPfn.EarlyStop.CurveSources;
using LcPfn.EarlyStop.Tests.Batch;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.CurveSources;

public sealed class BestValueFileTests
{
    [Fact]
    public void Read_StudyBestCsv_ReturnsValuesByStudy()
    {
        using var temp = CurveFiles.TempFolder();
        File.WriteAllText(temp.File("best.csv"), "study,best\ncifar,93.5\n\"svhn, v2\",97\n");

        var best = BestValueFile.Read(temp.File("best.csv"));

        best.ShouldBe(new Dictionary<string, double> { ["cifar"] = 93.5, ["svhn, v2"] = 97 });
    }

    [Fact]
    public void Read_Directory_SaysItIsADirectory()
    {
        using var temp = CurveFiles.TempFolder();

        Should.Throw<InvalidInputException>(() => BestValueFile.Read(temp.Path)).Message.ShouldContain("is a directory, not a file");
    }

    [Fact]
    public void Read_BadValue_ThrowsNamingTheLine()
    {
        using var temp = CurveFiles.TempFolder();
        File.WriteAllText(temp.File("best.csv"), "study,best\na,1\nb,x\n");

        Should.Throw<InvalidInputException>(() => BestValueFile.Read(temp.File("best.csv"))).Message.ShouldContain("line 3");
    }
}
