using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

public sealed class CsvRecordReaderTests
{
    private static CsvRecordReader Reader(string text) => new(new StringReader(text));

    [Fact]
    public void Read_QuotedFieldsAndTrailingEmpty_SplitsLikeRfc4180()
    {
        var csv = Reader("7,\"a, \"\"b\"\"\",0.5,\r\n");

        csv.Read().ShouldBeTrue();

        csv.Count.ShouldBe(4);
        csv.String(0).ShouldBe("7");
        csv.String(1).ShouldBe("a, \"b\"");
        csv.TryDouble(2, out var v).ShouldBe(CellIssue.None);
        v.ShouldBe(0.5);
        csv.TryDouble(3, out _).ShouldBe(CellIssue.Missing);
        csv.Read().ShouldBeFalse();
    }

    [Fact]
    public void Read_LineBreakInsideQuotes_IsOneRecordAndLaterLinesKeepTheirNumbers()
    {
        var csv = Reader("h1,h2\n\n\"two\nlines\",1\r\nnext,2\n");

        csv.Read().ShouldBeTrue();
        csv.StartLine.ShouldBe(1);
        csv.Read().ShouldBeTrue();
        (csv.StartLine, csv.Count, csv.String(0), csv.Truncated).ShouldBe((3L, 2, "two\nlines", false));
        csv.Read().ShouldBeTrue();
        (csv.StartLine, csv.String(0)).ShouldBe((5L, "next"));
        csv.Read().ShouldBeFalse();
    }

    [Fact]
    public void Read_InputEndsInsideQuotes_FlagsTheRecordAsTruncated()
    {
        var csv = Reader("a,\"never closed\nstill open");

        csv.Read().ShouldBeTrue();

        csv.Truncated.ShouldBeTrue();
        csv.Count.ShouldBe(2);
        csv.Read().ShouldBeFalse();
    }

    [Theory]
    [InlineData("nan", CellIssue.None)]
    [InlineData("NA", CellIssue.None)]
    [InlineData("-inf", CellIssue.None)]
    [InlineData("x1", CellIssue.Unparsable)]
    [InlineData("  ", CellIssue.Missing)]
    public void TryDouble_SpecialSpellings_Classifies(string cell, CellIssue expected)
    {
        var csv = Reader(cell + ",x\n");
        csv.Read().ShouldBeTrue();
        csv.TryDouble(0, out _).ShouldBe(expected);
    }

    [Theory]
    [InlineData("12", CellIssue.None, 12)]
    [InlineData("12.0", CellIssue.None, 12)]
    [InlineData("1.5", CellIssue.Unparsable, 0)]
    public void TryInt_IntegralDoubles_AreIntegers(string cell, CellIssue expected, int value)
    {
        var csv = Reader(cell + ",x\n");
        csv.Read().ShouldBeTrue();
        csv.TryInt(0, out int parsed).ShouldBe(expected);
        parsed.ShouldBe(value);
    }
}
