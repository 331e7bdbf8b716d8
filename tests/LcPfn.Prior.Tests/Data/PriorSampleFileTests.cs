using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

/// <summary>The committed data/curves/prior-sample.parquet is what its README says it is.</summary>
public sealed class PriorSampleFileTests
{
    private const ulong Seed = 20261128;
    private const int Curves = 2_000;

    [Fact]
    public async Task PriorSample_CommittedFile_EqualsTheSamplerOutputForItsDocumentedSeed()
    {
        string path = Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");
        var table = await CurveTableWriterTests.ReadAsync(path);
        table.Schema.ShouldBe(["run_id", "epoch", "value", "horizon"]);
        table.Values.Length.ShouldBe(Curves * 100);

        var expected = new float[Curves * 100];
        new CurvePrior(CurvePriorOptions.Default).Sample(Seed, 0, Curves, expected);
        for (int row = 0; row < expected.Length; row++)
        {
            table.Values[row].ShouldBe(expected[row], $"row {row}");
            table.Epochs[row].ShouldBe(row % 100 + 1);
        }
        table.RunIds[0].ShouldBe("0");
        table.RunIds[^1].ShouldBe("1999");
    }
}
