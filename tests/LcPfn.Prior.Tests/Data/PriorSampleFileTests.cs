using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

/// <summary>The committed data/curves/prior-sample.parquet is what its README says it is.</summary>
public sealed class PriorSampleFileTests
{
    private const ulong Seed = 20261128;
    private const int Curves = 2_000;

    [Fact]
    public async Task PriorSample_CommittedFile_EqualsTheSamplerOutputForItsDocumentedSeedClippedToTheUnitRange()
    {
        string path = Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");
        var table = await CurveTableWriterTests.ReadAsync(path);
        table.Schema.ShouldBe(["run_id", "epoch", "value", "horizon"]);
        table.Values.Length.ShouldBe(Curves * 100);

        var expected = new float[Curves * 100];
        new CurvePrior(CurvePriorOptions.Default).Sample(Seed, 0, Curves, expected);
        int outside = expected.Count(v => v is < 0f or > 1f);
        outside.ShouldBeGreaterThan(0, "the prior's noise leaves [0, 1]; the file holds those values clipped (lcpfn prior sample without --raw)");
        for (int row = 0; row < expected.Length; row++)
        {
            table.Values[row].ShouldBe(Math.Clamp(expected[row], 0f, 1f), $"row {row}");
            table.Epochs[row].ShouldBe(row % 100 + 1);
        }
        table.RunIds[0].ShouldBe("0");
        table.RunIds[^1].ShouldBe("1999");
    }
}
