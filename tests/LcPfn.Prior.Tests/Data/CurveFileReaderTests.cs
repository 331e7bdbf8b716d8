using LcPfn.Prior.Data;
using LcPfn.Tests;
using Shouldly;
using Row = LcPfn.Prior.Tests.Data.CurveReaderFixtures.Row;

namespace LcPfn.Prior.Tests.Data;

public sealed class CurveFileReaderTests : IDisposable
{
    private readonly CurveReaderFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_LongCsvHeader_IsReadAsCurveTable()
    {
        string path = _files.Write("long.csv", "run_id,epoch,value\na,1,0.1\na,2,0.2\n");

        var curve = CurveFileReader.Read(path).Curves.ShouldHaveSingleItem();

        (curve.RunId, curve.Study, curve.Horizon).ShouldBe(("a", LearningCurve.DefaultStudy, 2));
    }

    [Fact]
    public void Read_HorizonBeyondTheLimit_RejectsTheRunNamingValueAndLimit()
    {
        string path = _files.Write("long.csv", $"run_id,epoch,value,horizon\nok,1,0.1,{HorizonLimit.Max}\nok,2,0.2,{HorizonLimit.Max}\nbig,1,0.1,200000\nbig,2,0.2,200000\n");

        var read = CurveFileReader.Read(path);

        read.Curves.ShouldHaveSingleItem().RunId.ShouldBe("ok");
        var rejected = read.Rejected.ShouldHaveSingleItem();
        rejected.RunId.ShouldBe("big");
        rejected.Reason.ShouldContain("horizon 200000 is outside [1, 100000]");
    }

    [Fact]
    public void Read_WideCsvEpochColumnBeyondTheLimit_ThrowsNamingTheLimit()
    {
        string path = _files.Write("wide.csv", "id,e001,e200000\n4,10,20\n");

        Should.Throw<InvalidInputException>(() => CurveFileReader.Read(path)).Message.ShouldContain("epoch 200000 is beyond the horizon limit 100000");
    }

    [Fact]
    public void Read_WideCsvHeader_IsReadAsWide()
    {
        string path = _files.Write("wide.csv", "arch_id,e001,e002\n4,10,20\n");

        var curve = CurveFileReader.Read(path, new CurveReadOptions { Scale = 0.01 }).Curves.ShouldHaveSingleItem();

        curve.RunId.ShouldBe("4");
        curve.Values.ShouldBe([0.1, 0.2], tolerance: 1e-12);
    }

    [Fact]
    public void Read_ParquetExtensionOrMagic_IsReadAsParquet()
    {
        string path = _files.WriteParquet("t.parquet", [new("a", 1, 0.1), new("a", 2, 0.2)]);
        string renamed = _files.WriteBytes("t.data", File.ReadAllBytes(path));

        CurveFileReader.Read(path).Curves.ShouldHaveSingleItem().RunId.ShouldBe("a");
        CurveFileReader.Read(renamed).Curves.ShouldHaveSingleItem().RunId.ShouldBe("a");
    }

    [Fact]
    public void Read_UnknownHeader_ThrowsNamingTheFile()
    {
        string path = _files.Write("what.csv", "x,y\n1,2\n");

        var ex = Should.Throw<InvalidInputException>(() => CurveFileReader.Read(path));

        ex.Message.ShouldStartWith(path);
        ex.Message.ShouldContain("unknown layout");
    }

    [Fact]
    public void Read_MissingFile_ThrowsInvalidInput()
    {
        string path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid().ToString("N") + ".csv");

        Should.Throw<InvalidInputException>(() => CurveFileReader.Read(path)).Message.ShouldBe($"{path}: file not found.");
    }

    [Fact]
    public void ReadMany_SameRunInTwoFilesOfOneStudy_RejectsTheSecond()
    {
        string a = _files.Write("a.csv", "run_id,epoch,value\nr,1,0.1\nr,2,0.2\n");
        string b = _files.Write("b.csv", "run_id,epoch,value\nr,1,0.3\nr,2,0.4\nq,1,0.1\nq,2,0.2\n");

        var result = CurveFileReader.ReadMany([a, b]);

        result.Curves.Select(c => c.RunId).ShouldBe(["r", "q"]);
        result.Curves[0].Values.ShouldBe([0.1, 0.2]);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        rejected.File.ShouldBe(b);
        rejected.Code.ShouldBe(RejectionReasons.DuplicateRun);
    }

    [Fact]
    public void ReadMany_NoPaths_Throws()
    {
        Should.Throw<InvalidInputException>(() => CurveFileReader.ReadMany([]));
    }

    [Fact]
    public void ReadMany_SharedSpikeNasCifar10Parts_FormOneStudyOf100EpochCurves()
    {
        string[] parts = [.. Enumerable.Range(1, 3).Select(i => TestPaths.SharedFile($"spikenas/spikenas_cifar10_100ep_val_acc.part{i:D2}.csv"))];

        var result = CurveFileReader.ReadMany(parts, new CurveReadOptions { Scale = 0.01 });

        result.Rejected.ShouldBeEmpty();
        result.Curves.Count.ShouldBe(4834 + 4806 + 2307);
        result.Curves.Select(c => c.Study).Distinct().ShouldBe(["spikenas_cifar10_100ep_val_acc"]);
        result.Curves.ShouldAllBe(c => c.Horizon == 100 && c.IsComplete);
        result.Curves.Select(c => c.RunId).Distinct().Count().ShouldBe(result.Curves.Count);
    }

    [Fact]
    public void ReadMany_SharedNb201ValidAndTrain_AreTwoStudiesOf160Curves()
    {
        var result = CurveFileReader.ReadMany(
        [
            TestPaths.SharedFile("nb201/nb201_cifar10-valid_hp200_valid_acc.csv"),
            TestPaths.SharedFile("nb201/nb201_cifar10-valid_hp200_train_acc.csv"),
        ]);

        result.Rejected.ShouldBeEmpty();
        result.Curves.GroupBy(c => c.Study).Select(g => g.Count()).ShouldBe([160, 160]);
    }
}
