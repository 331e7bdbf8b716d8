using LcPfn.Prior.Data;
using Shouldly;
using Row = LcPfn.Prior.Tests.Data.CurveReaderFixtures.Row;

namespace LcPfn.Prior.Tests.Data;

public sealed class CurveTableReaderTests : IDisposable
{
    private readonly CurveReaderFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadParquet_Directory_SaysItIsADirectory()
    {
        var folder = Path.GetDirectoryName(_files.Write("x.csv", "run_id,epoch,value\n"))!;

        Should.Throw<InvalidInputException>(() => CurveTableReader.ReadParquet(folder)).Message.ShouldContain("is a directory");
    }

    [Fact]
    public void ReadCsv_InterleavedRuns_AreGroupedInFirstAppearanceOrder()
    {
        string path = _files.Write("long.csv", "run_id,epoch,value\nb,1,0.1\na,1,0.5\nb,2,0.2\na,2,0.6\nb,3,0.3\n");

        var result = CurveTableReader.ReadCsv(path);

        result.Rejected.ShouldBeEmpty();
        result.Curves.Select(c => c.RunId).ShouldBe(["b", "a"]);
        result.Curves[0].Epochs.ShouldBe([1, 2, 3]);
        result.Curves[0].Values.ShouldBe([0.1, 0.2, 0.3]);
        result.Curves[0].Study.ShouldBe(LearningCurve.DefaultStudy);
        // No horizon column: the largest epoch of the study.
        result.Curves.ShouldAllBe(c => c.Horizon == 3);
    }

    [Fact]
    public void ReadCsv_StudyAndHorizonColumns_AreUsed()
    {
        string path = _files.Write("long.csv", "study,run_id,epoch,value,horizon\ns1,a,1,0.1,10\ns1,a,2,0.2,10\ns2,a,1,0.3,20\ns2,a,5,0.4,20\n");

        var result = CurveTableReader.ReadCsv(path);

        result.Curves.Select(c => (c.Study, c.RunId, c.Horizon)).ShouldBe([("s1", "a", 10), ("s2", "a", 20)]);
    }

    [Fact]
    public void ReadCsv_UnsortedEpochs_RejectsTheRunWithLineAndEpoch()
    {
        string path = _files.Write("unsorted.csv", "run_id,epoch,value\na,2,0.1\na,1,0.2\nb,1,0.1\nb,2,0.2\n");

        var result = CurveTableReader.ReadCsv(path);

        result.Curves.ShouldHaveSingleItem().RunId.ShouldBe("b");
        var rejected = result.Rejected.ShouldHaveSingleItem();
        (rejected.RunId, rejected.Row, rejected.Epoch).ShouldBe(("a", (int?)3, (int?)1));
        rejected.Reason.ShouldBe($"{RejectionReasons.UnorderedEpochs}: epoch 1 comes after epoch 2");
    }

    [Fact]
    public void ReadCsv_DuplicateEpoch_IsRejected()
    {
        string path = _files.Write("dup.csv", "run_id,epoch,value\na,1,0.1\na,1,0.2\na,2,0.3\n");

        var rejected = CurveTableReader.ReadCsv(path).Rejected.ShouldHaveSingleItem();

        rejected.Code.ShouldBe(RejectionReasons.DuplicateEpoch);
        rejected.Row.ShouldBe(3);
    }

    [Theory]
    [InlineData("0", RejectionReasons.EpochOutOfRange)]
    [InlineData("-3", RejectionReasons.EpochOutOfRange)]
    [InlineData("1.5", RejectionReasons.UnparsableValue)]
    [InlineData("", RejectionReasons.MissingValue)]
    public void ReadCsv_BadEpoch_IsRejected(string epoch, string reason)
    {
        string path = _files.Write("e.csv", $"run_id,epoch,value\na,{epoch},0.1\na,2,0.2\na,3,0.3\nok,1,0.1\nok,2,0.2\n");

        var result = CurveTableReader.ReadCsv(path);

        result.Curves.ShouldHaveSingleItem().RunId.ShouldBe("ok");
        result.Rejected.ShouldHaveSingleItem().Code.ShouldBe(reason);
    }

    [Fact]
    public void ReadCsv_EpochBeyondHorizonColumn_IsRejected()
    {
        string path = _files.Write("h.csv", "run_id,epoch,value,horizon\na,1,0.1,2\na,2,0.2,2\na,3,0.3,2\n");

        var rejected = CurveTableReader.ReadCsv(path).Rejected.ShouldHaveSingleItem();

        rejected.Reason.ShouldBe($"{RejectionReasons.EpochOutOfRange}: epoch 3 is beyond the horizon 2");
        rejected.Row.ShouldBe(4);
    }

    [Fact]
    public void ReadCsv_InconsistentHorizon_IsRejected()
    {
        string path = _files.Write("h.csv", "run_id,epoch,value,horizon\na,1,0.1,5\na,2,0.2,6\n");

        CurveTableReader.ReadCsv(path).Rejected.ShouldHaveSingleItem().Code.ShouldBe(RejectionReasons.InvalidHorizon);
    }

    [Fact]
    public void ReadCsv_RowWithoutRunId_IsRejectedAlone()
    {
        string path = _files.Write("noid.csv", "run_id,epoch,value\n,1,0.1\na,1,0.1\na,2,0.2\n");

        var result = CurveTableReader.ReadCsv(path);

        result.Curves.ShouldHaveSingleItem();
        result.Rejected.ShouldHaveSingleItem().Code.ShouldBe(RejectionReasons.MissingRunId);
    }

    [Fact]
    public void ReadCsv_MissingColumn_ThrowsNamingFileAndColumn()
    {
        string path = _files.Write("bad.csv", "run_id,epoch,val\na,1,0.1\n");

        var ex = Should.Throw<InvalidInputException>(() => CurveTableReader.ReadCsv(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("lacks column(s) value");
    }

    [Fact]
    public void ReadParquet_UnsortedRunsOverSeveralRowGroups_AreAssembled()
    {
        Row[] rows =
        [
            new("a", 1, 0.1), new("b", 1, 0.5), new("a", 2, 0.2),
            new("b", 2, 0.6), new("a", 3, 0.3), new("b", 3, 0.7),
        ];
        string path = _files.WriteParquet("t.parquet", rows, rowsPerGroup: 4);

        var result = CurveTableReader.ReadParquet(path, new CurveReadOptions { Scale = 2 });

        result.Rejected.ShouldBeEmpty();
        result.Curves.Select(c => c.RunId).ShouldBe(["a", "b"]);
        result.Curves[1].Values.ShouldBe([1.0, 1.2, 1.4], tolerance: 1e-12);
        result.Curves.ShouldAllBe(c => c.Horizon == 3 && c.Study == LearningCurve.DefaultStudy);
    }

    [Fact]
    public void ReadParquet_OptionalColumnsAndBadRows_RejectPreciselyAndKeepTheRest()
    {
        Row[] rows =
        [
            new("good", 1, 0.1, "s", 4), new("good", 2, 0.2, "s", 4),
            new("nan", 1, 0.1, "s", 4), new("nan", 2, double.NaN, "s", 4),
            new("null", 1, null, "s", 4), new("null", 2, 0.2, "s", 4),
            new("late", 1, 0.1, "s", 4), new("late", 5, 0.2, "s", 4),
            new("single", 1, 0.1, "s", 4),
            new(null, 1, 0.1, "s", 4),
        ];
        string path = _files.WriteParquet("bad.parquet", rows, withStudy: true, withHorizon: true, rowsPerGroup: 3);

        var result = CurveTableReader.ReadParquet(path);

        var good = result.Curves.ShouldHaveSingleItem();
        (good.RunId, good.Study, good.Horizon).ShouldBe(("good", "s", 4));
        result.Rejected.Select(r => (r.RunId, r.Row, r.Epoch)).ShouldBe(
        [
            ("nan", (int?)4, (int?)2), ("null", 5, 1), ("late", 8, 5), ("single", 9, 1), ("", 10, null),
        ]);
        result.Rejected.Select(r => r.Code).ShouldBe(
        [
            RejectionReasons.NanValue, RejectionReasons.MissingValue, RejectionReasons.EpochOutOfRange,
            RejectionReasons.OnePointCurve, RejectionReasons.MissingRunId,
        ]);
    }

    [Fact]
    public void ReadParquet_TruncatedFile_ThrowsNamingTheFile()
    {
        string good = _files.WriteParquet("ok.parquet", [new("a", 1, 0.1), new("a", 2, 0.2)]);
        byte[] bytes = File.ReadAllBytes(good);
        string path = _files.WriteBytes("cut.parquet", bytes[..(bytes.Length / 2)]);

        var ex = Should.Throw<InvalidInputException>(() => CurveTableReader.ReadParquet(path));

        ex.Message.ShouldStartWith(path);
    }

    [Fact]
    public void ReadParquet_NotParquetAtAll_ThrowsNamingTheFile()
    {
        string path = _files.Write("text.parquet", "run_id,epoch,value\na,1,0.1\n");

        Should.Throw<InvalidInputException>(() => CurveTableReader.ReadParquet(path)).Message.ShouldContain(path);
    }
}
