using LcPfn.EarlyStop.Batch;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Batch;

public sealed class CsvLineTests
{
    [Fact]
    public void Parse_QuotedFieldsAndTrailingEmpty_SplitsLikeRfc4180()
    {
        var line = new CsvLine();

        line.Parse("7,\"a, \"\"b\"\"\",0.5,\r");

        line.Count.ShouldBe(4);
        line.String(0).ShouldBe("7");
        line.String(1).ShouldBe("a, \"b\"");
        line.TryDouble(2, out var v).ShouldBe(CellIssue.None);
        v.ShouldBe(0.5);
        line.TryDouble(3, out _).ShouldBe(CellIssue.Missing);
    }

    [Theory]
    [InlineData("nan", 0)]
    [InlineData("-inf", 0)]
    [InlineData("x1", 2)]
    public void TryDouble_SpecialSpellings_Classifies(string cell, int expected)
    {
        var line = new CsvLine();
        line.Parse(cell);
        line.TryDouble(0, out _).ShouldBe((CellIssue)expected);
    }
}
