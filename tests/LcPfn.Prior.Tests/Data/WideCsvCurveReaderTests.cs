using LcPfn.Prior.Data;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

public sealed class WideCsvCurveReaderTests : IDisposable
{
    private readonly CurveReaderFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_WellFormedFile_ReturnsCurvesWithIdHorizonAndScale()
    {
        string path = _files.Write("small.csv", "name,arch_id,e001,e002,e003\nfoo,7,10,20,30\nbar,9,40,50,60\n");

        var result = WideCsvCurveReader.Read(path, new CurveReadOptions { Scale = 0.01 });

        result.Rejected.ShouldBeEmpty();
        result.Curves.Count.ShouldBe(2);
        var first = result.Curves[0];
        first.RunId.ShouldBe("7");
        first.Horizon.ShouldBe(3);
        first.Epochs.ShouldBe([1, 2, 3]);
        first.Values.ShouldBe([0.1, 0.2, 0.3], tolerance: 1e-12);
        first.Study.ShouldBe("small");
        first.IsComplete.ShouldBeTrue();
        result.Curves[1].RunId.ShouldBe("9");
    }

    [Fact]
    public void Read_IdColumnEndingInIndex_IsUsedAndFirstMatchWins()
    {
        string path = _files.Write("idx.csv", "arch_index,other_id,e1,e2\n3,x,0.1,0.2\n");

        var result = WideCsvCurveReader.Read(path);

        result.Curves.Single().RunId.ShouldBe("3");
    }

    [Fact]
    public void Read_NoIdColumn_UsesDataRowNumber()
    {
        string path = _files.Write("noid.csv", "name,e001,e002\na,0.1,0.2\nb,0.3,0.4\n");

        var result = WideCsvCurveReader.Read(path);

        result.Curves.Select(c => c.RunId).ShouldBe(["1", "2"]);
    }

    [Fact]
    public void Read_NaNCell_RejectsOnlyThatRunWithLineAndEpoch()
    {
        string path = _files.Write("nan.csv", "id,e001,e002,e003\na,0.1,0.2,0.3\nb,0.1,NaN,0.3\nc,0.2,0.3,0.4\n");

        var result = WideCsvCurveReader.Read(path);

        result.Curves.Select(c => c.RunId).ShouldBe(["a", "c"]);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        rejected.RunId.ShouldBe("b");
        rejected.Row.ShouldBe(3);
        rejected.Epoch.ShouldBe(2);
        rejected.File.ShouldBe(path);
        rejected.Code.ShouldBe(RejectionReasons.NanValue);
    }

    [Theory]
    [InlineData("inf", "the value at epoch 2 is +inf")]
    [InlineData("-inf", "the value at epoch 2 is -inf")]
    [InlineData("Infinity", "the value at epoch 2 is +inf")]
    public void Read_InfiniteCell_RejectsRun(string cell, string described)
    {
        string path = _files.Write("inf.csv", $"id,e001,e002\na,0.1,{cell}\n");

        var rejected = WideCsvCurveReader.Read(path).Rejected.ShouldHaveSingleItem();

        rejected.Reason.ShouldBe($"{RejectionReasons.InfiniteValue}: {described}");
    }

    [Fact]
    public void Read_TextCell_RejectsAsUnparsable()
    {
        string path = _files.Write("text.csv", "id,e001,e002\na,0.1,abc\n");

        var rejected = WideCsvCurveReader.Read(path).Rejected.ShouldHaveSingleItem();

        rejected.Reason.ShouldBe($"{RejectionReasons.UnparsableValue}: value 'abc' is not a number");
        rejected.Epoch.ShouldBe(2);
    }

    [Fact]
    public void Read_EmptyAndOnePointRows_AreRejected()
    {
        string path = _files.Write("short.csv", "id,e001,e002,e003\nempty,,,\none,0.5,,\npartial,0.1,0.2,\n");

        var result = WideCsvCurveReader.Read(path);

        var partial = result.Curves.ShouldHaveSingleItem();
        partial.RunId.ShouldBe("partial");
        partial.Epochs.ShouldBe([1, 2]);
        partial.Horizon.ShouldBe(3);
        partial.IsComplete.ShouldBeFalse();
        result.Rejected.Select(r => (r.RunId, r.Row)).ShouldBe([("empty", (int?)2), ("one", (int?)3)]);
        result.Rejected[0].Code.ShouldBe(RejectionReasons.EmptyCurve);
        result.Rejected[1].Code.ShouldBe(RejectionReasons.OnePointCurve);
    }

    [Fact]
    public void Read_TruncatedLastLine_RejectsThatRowAndKeepsTheOthers()
    {
        string path = _files.Write("trunc.csv", "id,e001,e002,e003\na,0.1,0.2,0.3\nb,0.1,0.2,0.3\nc,0.1,0.");

        var result = WideCsvCurveReader.Read(path);

        result.Curves.Select(c => c.RunId).ShouldBe(["a", "b"]);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        rejected.RunId.ShouldBe("c");
        rejected.Row.ShouldBe(4);
        rejected.Code.ShouldBe(RejectionReasons.MalformedRow);
    }

    [Fact]
    public void Read_DuplicateRunId_RejectsTheSecondRow()
    {
        string path = _files.Write("dup.csv", "id,e001,e002\na,0.1,0.2\na,0.3,0.4\n");

        var result = WideCsvCurveReader.Read(path);

        result.Curves.ShouldHaveSingleItem().Values.ShouldBe([0.1, 0.2]);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        rejected.Row.ShouldBe(3);
        rejected.Reason.ShouldBe($"{RejectionReasons.DuplicateRun}: run id 'a' already on line 2");
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasAndLineBreaks_AreParsed()
    {
        string path = _files.Write("quoted.csv", "id,desc,e001,e002\n\"r,1\",\"two\nlines \"\"x\"\"\",0.1,0.2\nr2,plain,0.3,0.4\n");

        var result = WideCsvCurveReader.Read(path);

        result.Rejected.ShouldBeEmpty();
        result.Curves.Select(c => c.RunId).ShouldBe(["r,1", "r2"]);
    }

    [Fact]
    public void Read_HorizonOption_RejectsEpochsBeyondIt()
    {
        string path = _files.Write("h.csv", "id,e001,e002,e003\na,0.1,0.2,\nb,0.1,0.2,0.3\n");

        var result = WideCsvCurveReader.Read(path, new CurveReadOptions { Horizon = 2 });

        result.Curves.ShouldHaveSingleItem().Horizon.ShouldBe(2);
        var rejected = result.Rejected.ShouldHaveSingleItem();
        rejected.RunId.ShouldBe("b");
        rejected.Epoch.ShouldBe(3);
        rejected.Reason.ShouldBe($"{RejectionReasons.EpochOutOfRange}: epoch 3 is beyond the horizon 2");
    }

    [Fact]
    public void Read_UnsortedEpochColumns_ThrowsNamingFileAndColumn()
    {
        string path = _files.Write("bad-header.csv", "id,e002,e001\na,0.1,0.2\n");

        var ex = Should.Throw<InvalidInputException>(() => WideCsvCurveReader.Read(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("'e001'");
    }

    [Fact]
    public void Read_EpochZeroColumn_Throws()
    {
        string path = _files.Write("zero.csv", "id,e000,e001\na,0.1,0.2\n");

        Should.Throw<InvalidInputException>(() => WideCsvCurveReader.Read(path)).Message.ShouldContain("1-based");
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        string path = _files.Write("empty.csv", "");

        Should.Throw<InvalidInputException>(() => WideCsvCurveReader.Read(path)).Message.ShouldContain("empty");
    }

    [Fact]
    public void Read_InvalidScale_ThrowsListingTheProperty()
    {
        string path = _files.Write("s.csv", "id,e001,e002\na,0.1,0.2\n");

        Should.Throw<InvalidInputException>(() => WideCsvCurveReader.Read(path, new CurveReadOptions { Scale = 0, Horizon = 0 }))
            .Message.ShouldBe("Invalid CurveReadOptions: Property Scale: must be finite and > 0; was 0; Property Horizon: horizon 0 is outside [1, 100000] (the horizon limit of every command)");
    }

    [Fact]
    public void StudyFromFileName_PartSuffix_IsRemoved()
    {
        WideCsvCurveReader.StudyFromFileName("/x/spikenas_cifar10_100ep_val_acc.part02.csv").ShouldBe("spikenas_cifar10_100ep_val_acc");
        WideCsvCurveReader.StudyFromFileName("nb201.csv").ShouldBe("nb201");
    }

    [Fact]
    public void Read_SharedNb201ValidationFile_Has160CurvesOf200Epochs()
    {
        var result = WideCsvCurveReader.Read(TestPaths.SharedFile("nb201/nb201_cifar10-valid_hp200_valid_acc.csv"), new CurveReadOptions { Scale = 0.01 });

        result.Rejected.ShouldBeEmpty();
        result.Curves.Count.ShouldBe(160);
        result.Curves.ShouldAllBe(c => c.Horizon == 200 && c.Count == 200 && c.IsComplete);
        result.Curves.SelectMany(c => c.Values).ShouldAllBe(v => v >= 0 && v <= 1);
    }

    [Fact]
    public void Read_SharedSpikeNasFiles_GiveTheDocumentedRowCounts()
    {
        var small = WideCsvCurveReader.Read(TestPaths.SharedFile("spikenas/spikenas_cifar100_100ep_val_acc.csv"));
        var long200 = WideCsvCurveReader.Read(TestPaths.SharedFile("spikenas/spikenas_cifar10_200ep_val_acc.csv"));

        small.Curves.Count.ShouldBe(222);
        small.Curves.ShouldAllBe(c => c.Horizon == 100 && c.Study == "spikenas_cifar100_100ep_val_acc");
        long200.Curves.Count.ShouldBe(550);
        long200.Curves.ShouldAllBe(c => c.Horizon == 200);
        (small.Rejected.Count + long200.Rejected.Count).ShouldBe(0);
    }
}
